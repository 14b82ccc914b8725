"""The relationship map: the published records and their
links as a graph (``graph``), a record's neighbourhood and the filtered whole
(``views``), drawn as server-rendered SVG with a layout computed in Python
(``drawing``)."""
