"""Which records a drawing shows: a record's neighbourhood (from the graph),
or a part of the whole (read from the database, bounded by what it shows)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Subquery, Window

from collabkb import prepared
from collabkb.maps import graph as graphs
from collabkb.published import nodes as published_nodes

WHOLE_SHOWN = 90  # per column of /map/; filters narrow it


@dataclass
class Selection:
    """Nodes in columns (kind, [nodes], hidden count), their step from the
    centre (0, 1, 2; or 0 for the seeds of a filter), and the links among them."""

    columns: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    centre: tuple | None = None
    stated: set = field(default_factory=set)  # the links (pairs) a source states

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


def _links(graph, shown):
    pairs = set()
    for key in shown:
        for other in graph.links.get(key, ()):
            if other in shown:
                pairs.add(tuple(sorted((key, other))))
    return sorted(pairs)


def _by_neighbours(graph, nodes, rows, first_key):
    """``nodes`` by the mean row of the records they link to among ``rows``
    (the barycentre heuristic of layered drawings); unlinked records last."""

    def centre(node):
        linked = [rows[k] for k in graph.links.get(node.key, ()) if k in rows]
        return (0, sum(linked) / len(linked)) if linked else (1, 0)

    return sorted(nodes, key=lambda n: (centre(n), first_key(n)))


def _order(graph, columns):
    """Rows that keep lines short and few crossing: the first column by its
    facet and title, each next one by the mean row of what it links to in the
    column before it; then, once back and once forth, each column by its
    neighbours on the other side, or on both (a sweep of the barycentre
    heuristic): rows are comparable across columns, a row is as high in each."""
    facet_first = lambda n: (n.facet, n.title_sort, n.pk)  # noqa: E731
    by_title = lambda n: (n.title_sort, n.pk)  # noqa: E731
    kinds = [(kind, hidden) for kind, _, hidden in columns]
    ordered = [list(nodes) for _, nodes, _ in columns]
    if not ordered:
        return []
    ordered[0].sort(key=facet_first)

    def rows_of(index):
        return {node.key: row for row, node in enumerate(ordered[index])}

    for index in range(1, len(ordered)):
        ordered[index] = _by_neighbours(graph, ordered[index], rows_of(index - 1), by_title)
    for index in range(len(ordered) - 2, -1, -1):
        key = facet_first if index == 0 else by_title
        ordered[index] = _by_neighbours(graph, ordered[index], rows_of(index + 1), key)
    for index in range(1, len(ordered)):
        # Between two columns: by its neighbours on both sides.
        around = rows_of(index - 1)
        if index + 1 < len(ordered):
            around = {**rows_of(index + 1), **around}
        ordered[index] = _by_neighbours(graph, ordered[index], around, by_title)
    return [(kind, nodes, hidden) for (kind, hidden), nodes in zip(kinds, ordered, strict=True)]


def neighbourhood(kind_name, pk, graph):
    """The record and the records it links to and theirs, two steps out, as
    ``graph`` gives them (``collabkb.published.neighbourhood.around``: each
    column chosen and ordered by the database)."""
    centre = (kind_name, pk)
    if centre not in graph.steps:  # not on the map
        return Selection()
    columns = [(kind, *graph.columns.get(kind.name, ([], 0))) for kind in graphs.kinds()]
    columns = _order(graph, columns)
    shown = set(graph.steps)
    links = _links(graph, shown)
    stated = {pair for pair in links if frozenset(pair) in graph.stated}
    return Selection(columns, dict(graph.steps), links, centre, stated)


def _ranked(kind, records, limit, every=False):
    """The first ``limit`` of ``records`` (a queryset of ``kind``'s published
    records, or ``every`` one of them) by their stored link count, then
    title, as nodes; and how many there are: two queries, through the
    (status, link_count, title_sort) index.

    The records a filter chose are counted as they are ranked (all of them
    are read to rank them); every published record is counted apart, from
    the index, so that ranking them reads only the first ``limit``."""
    if every:
        rows = prepared.rows(_every_ranked, (), (kind.model, limit))
    else:
        rows = list(_ranked_query(records, Window(Count("pk")), limit))
    total = rows[0][1] if rows else 0
    pks = [pk for pk, _ in rows[:limit]]
    found = prepared.rows(_nodes_query, (pks,), (kind.model,)) if pks else []
    nodes_by_pk = {n.pk: n for n in published_nodes.all_of_rows(kind.model, found).values()}
    return [nodes_by_pk[pk] for pk in pks if pk in nodes_by_pk], total


def _ranked_query(records, total, limit):
    rows = records.annotate(total=total).order_by("-link_count", "title_sort", "pk")
    return rows.values_list("pk", "total")[: max(1, limit)]


def _every_ranked(model, limit):
    """The first ``limit`` published records of ``model`` (pk, how many are published)."""
    records = model.objects.published()
    counted = records.order_by().values("status").annotate(total=Count("pk"))
    return _ranked_query(records, Subquery(counted.values("total")), limit)


def _nodes_query(model, pks):
    return published_nodes.read_all_query(model.objects.filter(pk__in=pks))


def _next_to(kind, seeds, stated_only=False):
    """The published records of ``kind`` linked to a seed of another kind on
    the map, as a condition (``seeds``: {kind name: queryset or None})."""
    found = Q(pk__in=[])
    for a, model_field, b in graphs.link_fields():
        rows = graphs.link_rows(model_field, stated_only)
        here, there = (
            f"{model_field.m2m_field_name()}_id",
            f"{model_field.m2m_reverse_field_name()}_id",
        )
        for near, far, other in ((here, there, b), (there, here, a)):
            if (a if near == here else b) is not kind or seeds.get(other.name) is None:
                continue
            linked = rows.filter(**{f"{far}__in": seeds[other.name].values("pk")})
            found |= Q(pk__in=linked.values(near))
    return found


def _links_among(shown, stated_only=False):
    """{key: {key}} of the drawn links between the ``shown`` nodes (only
    those a source states if ``stated_only``), and those a source states
    (pairs, as frozensets): a query per kind of link."""
    by_kind = defaultdict(list)
    for kind, pk in shown:
        by_kind[kind].append(pk)
    links, stated = defaultdict(set), set()
    for a, model_field, b in graphs.link_fields():
        ends = (by_kind[a.name], by_kind[b.name])
        if not all(ends):  # no link to read (and no query, as before)
            continue
        rows = prepared.rows(_links_query, ends, (a.model, model_field.name, stated_only))
        for x, y, basis in rows:
            links[(a.name, x)].add((b.name, y))
            links[(b.name, y)].add((a.name, x))
            if basis == graphs.STATED:
                stated.add(frozenset(((a.name, x), (b.name, y))))
    return links, stated


def _links_query(model, name, stated_only, here_pks, there_pks):
    """The links of ``model``'s many-to-many ``name`` between the two lists of pks."""
    model_field = model._meta.get_field(name)
    here, there = f"{model_field.m2m_field_name()}_id", f"{model_field.m2m_reverse_field_name()}_id"
    rows = graphs.link_rows(model_field, stated_only)
    rows = rows.filter(**{f"{here}__in": here_pks, f"{there}__in": there_pks})
    return rows.values_list(here, there, "basis")


def whole(seeds=None, stated_only=False):
    """Every record, or the seeds a filter chose and the records they link
    to; each column its seeds first, then the most linked (the stored
    ``link_count``), up to WHOLE_SHOWN. ``seeds``: None (no filter), or
    {kind name: a queryset of the kind's records chosen, or None for none}.

    Read with indexed queries over the stored figures, bounded by what the
    drawing shows: two per kind and one per kind of link. ``stated_only``:
    only the links a source states are drawn and followed."""
    columns, steps = [], {}
    for kind in graphs.kinds():
        published = kind.model.objects.published()
        chosen = published if seeds is None else seeds.get(kind.name)
        every = seeds is None
        nodes, total = ([], 0) if chosen is None else _ranked(kind, chosen, WHOLE_SHOWN, every)
        steps.update(dict.fromkeys((node.key for node in nodes), 0))
        if seeds is not None:
            near = published.filter(_next_to(kind, seeds, stated_only))
            if chosen is not None:
                near = near.exclude(pk__in=chosen.values("pk"))
            more, also = _ranked(kind, near, WHOLE_SHOWN - len(nodes))
            steps.update(dict.fromkeys((node.key for node in more), 1))
            nodes, total = nodes + more, total + also
        columns.append((kind, nodes, total - len(nodes)))
    linked = Linked(*_links_among(steps, stated_only))
    columns = _order(linked, columns)
    links = _links(linked, set(steps))
    stated = {pair for pair in links if frozenset(pair) in linked.stated}
    return Selection(columns, steps, links, None, stated)


@dataclass
class Linked:
    """The links among the nodes a drawing shows, as ``_order`` and ``_links`` read them."""

    links: dict
    stated: set = field(default_factory=set)
