"""Which records a drawing shows: a record's neighbourhood, or a part of the whole."""

from dataclasses import dataclass, field

from collabkb.maps import graph as graphs

NEIGHBOURS_SHOWN = 12  # per column of a neighbourhood; the rest are counted
WHOLE_SHOWN = 90  # per column of /map/; filters narrow it


@dataclass
class Selection:
    """Nodes in columns (kind, [nodes], hidden count), their step from the
    centre (0, 1, 2; or 0 for the seeds of a filter), and the links among them."""

    columns: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    centre: tuple | None = None

    @property
    def empty(self):
        return not any(nodes for _, nodes, _ in self.columns)

    @property
    def far(self):
        """The records two steps out."""
        return {key for key, step in self.steps.items() if step == 2}

    @property
    def size(self):
        return sum(len(nodes) for _, nodes, _ in self.columns)


def _columns(graph, steps, limit, weight):
    columns = []
    for kind in graphs.kinds():
        keys = [key for key in steps if key[0] == kind.name]
        keys.sort(key=lambda k: (steps[k], -weight(k), graph.nodes[k].title_sort, k[1]))
        shown = [graph.nodes[k] for k in keys[:limit]]
        columns.append((kind, shown, len(keys) - len(shown)))
    return columns


def _links(graph, shown):
    pairs = set()
    for key in shown:
        for other in graph.links.get(key, ()):
            if other in shown:
                pairs.add(tuple(sorted((key, other))))
    return sorted(pairs)


def _order(graph, columns):
    """Rows that keep lines short: the first column by its facet and title, each
    next one by the mean row of what it links to in the columns before it
    (the barycentre heuristic of layered drawings); unlinked records last."""
    rows = {}
    ordered = []
    for index, (kind, nodes, hidden) in enumerate(columns):
        if index == 0:
            nodes = sorted(nodes, key=lambda n: (n.facet, n.title_sort, n.pk))
        else:

            def centre(node):
                linked = [rows[k] for k in graph.links.get(node.key, ()) if k in rows]
                return (0, sum(linked) / len(linked)) if linked else (1, 0)

            nodes = sorted(nodes, key=lambda n: (centre(n), n.title_sort, n.pk))
        for row, node in enumerate(nodes):
            rows[node.key] = row
        ordered.append((kind, nodes, hidden))
    return ordered


def _select(graph, steps, limit, weight, centre=None):
    columns = _order(graph, _columns(graph, steps, limit, weight))
    shown = {node.key for _, nodes, _ in columns for node in nodes}
    return Selection(columns, steps, _links(graph, shown), centre)


def neighbourhood(kind_name, pk, graph=None):
    """The record and the records it links to and theirs, two steps out."""
    graph = graph or graphs.current()
    centre = (kind_name, pk)
    if centre not in graph.nodes:  # not published, or not on the map
        return Selection()
    steps = {centre: 0}
    for key in graph.links.get(centre, ()):
        steps[key] = 1
    first = {k for k, step in steps.items() if step == 1}
    for key in first:
        for other in graph.links.get(key, ()):
            steps.setdefault(other, 2)

    def weight(key):  # a record two steps out linked to more of the first step comes first
        return len(graph.links.get(key, set()) & first) if steps[key] == 2 else 0

    return _select(graph, steps, NEIGHBOURS_SHOWN, weight, centre)


def whole(seeds=None, graph=None):
    """Every record, or the seeds a filter chose and the records they link to."""
    graph = graph or graphs.current()
    if seeds is None:
        steps = dict.fromkeys(graph.nodes, 0)
    else:
        steps = {key: 0 for key in seeds if key in graph.nodes}
        for key in list(steps):
            for other in graph.links.get(key, ()):
                steps.setdefault(other, 1)
    return _select(graph, steps, WHOLE_SHOWN, lambda key: len(graph.links.get(key, ())))
