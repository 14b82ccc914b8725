"""A record's neighbourhood: the records it links to and theirs, two steps
out, with the links among those it draws, for its drawing
(``collabkb.maps.select``).

The database chooses what a column draws: per kind on the map, one query
ranks the record, the records it links to (step 1) and the published
records linked to those (step 2; the more of step 1 they link to, the
earlier), then by title, and returns the first ``NEIGHBOURS_SHOWN`` with how
many there are. Around it, one query per kind of link at the record (its
links, step 1) and one per kind of link among the records drawn. Each query
goes by the indexed ends of a link and returns at most what is drawn (or the
record's own links): what it costs grows with the record's links, not with
the knowledge base, and the number of queries is the same for every record
of a kind.

The page depends on what it draws and on every record of step 1 (a page
cache tag each, collabkb/versions.py): a change that adds or takes a record
two steps out, or moves it in its column, changes a link of step 1, or
(publishing, withdrawing, renaming: collabkb/changes.py) bumps the records
it links to, step 1 among them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce

from collabkb import prepared, versions
from collabkb.kinds import registry
from collabkb.maps.graph import link_fields  # the kinds of link the maps draw
from collabkb.published import nodes

NEIGHBOURS_SHOWN = 12  # per column of a neighbourhood; the rest are counted
PUBLISHED = "published"


@dataclass
class Graph:
    """What a neighbourhood draws, in the shape ``collabkb.maps.select``
    reads: per kind, its column's nodes in order and how many it leaves out;
    each node's step from the centre; the links among them both ways."""

    columns: dict = field(default_factory=dict)  # kind name -> ([Node], hidden)
    steps: dict = field(default_factory=dict)  # key -> 0, 1 or 2
    links: dict = field(default_factory=lambda: defaultdict(set))  # key -> {key}
    stated: set = field(default_factory=set)  # {frozenset of two keys} a source states

    @property
    def nodes(self):
        return {node.key: node for shown, _ in self.columns.values() for node in shown}


def on_map():
    return {kind.model: kind for kind in registry if kind.map_column is not None}


def _pks(keys, kind):
    """The pks of ``kind`` among ``keys``; [0] (no record's) for none, so
    that a page makes the same queries whatever its neighbourhood holds."""
    return [pk for name, pk in keys if name == kind.name] or [0]


def _edge_query(model, name, mode, *values):
    """The links of the many-to-many ``name`` of ``model`` as (here, there,
    basis): ``mode`` "here", "there" or "either" (``values``: the centre's
    pk at that end, the other end published), or "within" (between two
    lists of pks, both ends published)."""
    model_field = model._meta.get_field(name)
    through = model_field.remote_field.through
    here, there = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
    if mode in ("here", "there", "either"):
        (pk,) = values
        at_here = Q(**{here: pk, f"{there}__status": PUBLISHED})
        at_there = Q(**{there: pk, f"{here}__status": PUBLISHED})
        where = {"here": at_here, "there": at_there, "either": at_here | at_there}[mode]
    else:
        a = Q(**{f"{here}__in": values[0]})
        b = Q(**{f"{there}__in": values[1]})
        where = a & b & Q(**{f"{here}__status": PUBLISHED, f"{there}__status": PUBLISHED})
    return through.objects.filter(where).values_list(f"{here}_id", f"{there}_id", "basis")


def _union_query(parts, *values):
    """The links of each of ``parts`` ((model, many-to-many name, mode) as
    ``_edge_query`` reads them, ``values`` in turn) as (here, there, basis,
    the part's index), in one query."""
    queries, given = [], iter(values)
    for index, (model, name, mode) in enumerate(parts):
        mine = [next(given)] if mode in ("here", "there", "either") else [next(given), next(given)]
        rows = _edge_query(model, name, mode, *mine).order_by()
        queries.append(rows.values_list(*rows.query.values_select, Value(index)))
    return queries[0].union(*queries[1:], all=True)


def _edges(parts):
    """((kind, pk), (other, pk), basis) of the links of ``parts`` ((kind,
    many-to-many field, other kind, mode, values) as ``_edge_query`` reads
    them): one query."""
    if not parts:
        return []
    shape = tuple((kind.model, field.name, mode) for kind, field, _, mode, _ in parts)
    values = [value for *_, given in parts for value in given]
    found = []
    for a, b, basis, index in prepared.rows(_union_query, values, (shape,)):
        kind, _, other, _, _ = parts[index]
        found.append(((kind.name, a), (other.name, b), basis))
    return found


def _centre_links(centre):
    """The links of ``centre`` (a key; the record may be a curator's draft)
    to published records."""
    parts = []
    for kind, model_field, other in link_fields():
        if centre[0] not in (kind.name, other.name):
            continue
        if kind.name == centre[0] and other.name == centre[0]:
            mode = "either"
        else:
            mode = "here" if kind.name == centre[0] else "there"
        parts.append((kind, model_field, other, mode, (centre[1],)))
    return _edges(parts)


def _links_within(keys):
    """The links between published records among ``keys``."""
    return _edges(
        [
            (kind, model_field, other, "within", (_pks(keys, kind), _pks(keys, other)))
            for kind, model_field, other in link_fields()
        ]
    )


def _ends_at(model):
    """(through model, this end's column, the other end's column, the other
    end's kind) of every kind of link drawn at ``model``, both ways for a
    link between two records of one kind."""
    ends = []
    for kind, model_field, other in link_fields():
        through = model_field.remote_field.through
        here = f"{model_field.m2m_field_name()}_id"
        there = f"{model_field.m2m_reverse_field_name()}_id"
        if kind.model is model:
            ends.append((through, here, there, other))
        if other.model is model:
            ends.append((through, there, here, kind))
    return ends


def _ranked_query(model, limit, centre, first, *first_at_ends):
    """The first ``limit`` of ``model``'s column: the record ``centre`` (step
    0), the published ``first`` (step 1), the published records linked to a
    record of step 1 (``first_at_ends``: those at the other end of each of
    ``_ends_at``; step 2, the more of them the earlier), then by title; as
    the nodes' columns, the step, how many there are."""
    steps = Case(
        When(pk=centre, then=Value(0)),
        When(pk__in=first, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    own = model.objects.order_by()
    near = [own.filter(pk=centre).values_list("pk"), own.filter(pk__in=first).values_list("pk")]
    weights = []
    for (through, here, there, _), others in zip(_ends_at(model), first_at_ends, strict=True):
        rows = through.objects.filter(**{f"{there}__in": others}).order_by()
        near.append(rows.values_list(here))
        counted = rows.filter(**{here: OuterRef("pk")}).values(here)
        count = Subquery(counted.annotate(n=Count("*")).values("n"), output_field=IntegerField())
        weights.append(Coalesce(count, Value(0)))
    weight = sum(weights[1:], weights[0]) if weights else Value(0)
    far = Case(When(pk__in=first, then=Value(0)), default=weight, output_field=IntegerField())
    # One list of pks (not a condition per source), so that each is read by its key.
    ids = near[0].union(*near[1:], all=True)
    records = model.objects.filter(pk__in=ids).filter(Q(pk=centre) | Q(status=PUBLISHED))
    records = records.annotate(step=steps, far_weight=far)
    order = ("step", "-far_weight", "title_sort", "pk")
    found = records.order_by(*order).annotate(n_listed=Window(Count("pk")))
    return found.values_list(
        *nodes.FIELDS, nodes.facet_path(registry.for_model(model)), "step", "n_listed"
    )[:limit]


def _column(kind, centre, first):
    """(the nodes ``kind``'s column draws, with their steps; how many it
    leaves out): one query."""
    pk = centre[1] if centre[0] == kind.name else 0
    ends = _ends_at(kind.model)
    values = (pk, _pks(first, kind), *(_pks(first, other) for *_, other in ends))
    rows = prepared.rows(_ranked_query, values, (kind.model, NEIGHBOURS_SHOWN))
    shown = nodes.all_of_rows(kind.model, [row[:-2] for row in rows])
    steps = {(kind.name, row[0]): row[-2] for row in rows}
    total = rows[0][-1] if rows else 0
    return list(shown.values()), steps, total - len(rows)


def around(record):
    """The neighbourhood ``Graph`` of ``record`` (published, or a curator's
    draft), or None if its kind is not drawn."""
    kind = on_map().get(type(record))
    if kind is None:
        return None
    centre = (kind.name, record.pk)
    links = _centre_links(centre)
    first = {key for link in links for key in link[:2]} - {centre}
    for other in on_map().values():  # moving or taking one moves its column
        versions.depends_on_rows(other.model, (pk for name, pk in first if name == other.name))
    graph = Graph()
    for other in on_map().values():
        shown, steps, hidden = _column(other, centre, first)
        graph.columns[other.name] = (shown, hidden)
        graph.steps.update(steps)
    links += _links_within(set(graph.steps) - {centre})
    drawn = set(graph.steps)
    for a, b, basis in links:
        if a in drawn and b in drawn:
            graph.links[a].add(b)
            graph.links[b].add(a)
            if basis == "stated":
                graph.stated.add(frozenset((a, b)))
    return graph
