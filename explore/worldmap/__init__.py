"""The world map of cases at /cases/map/.

``geometry`` turns Natural Earth boundaries (the npm package ``world-atlas``,
TopoJSON) into SVG paths in the Natural Earth projection; the management
command ``make_world_map`` writes them to ``countries.json``, committed so
that the site needs neither Node nor a tile server; ``views`` draws the page.
"""
