"""A record's neighbourhood: the records it links to and theirs, two steps
out, with the links among them, for its drawing (``collabkb.maps.select``).

Read in three rounds of one query per kind of link drawn (the record's
links, its neighbours' links, the links among the records two steps out)
and one query per kind for the records, each by the indexed ends of a link:
what it costs grows with the record's neighbourhood, not with the
knowledge base, and the number of queries is the same for every record of
a kind.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from collabkb import prepared
from collabkb.kinds import registry
from collabkb.maps.graph import link_fields  # the kinds of link the maps draw
from collabkb.published import nodes


@dataclass
class Graph:
    """The part of the published knowledge base around one record, in the
    shape ``collabkb.maps.select`` reads: nodes by key and links both ways."""

    nodes: dict = field(default_factory=dict)  # key -> Node
    links: dict = field(default_factory=lambda: defaultdict(set))  # key -> {key}
    stated: set = field(default_factory=set)  # {frozenset of two keys} a source states


def on_map():
    return {kind.model: kind for kind in registry if kind.map_column is not None}


PUBLISHED = "published"


def _pks(keys, kind):
    """The pks of ``kind`` among ``keys``; [0] (no record's) for none, so
    that a page makes the same queries whatever its neighbourhood holds."""
    return [pk for name, pk in keys if name == kind.name] or [0]


def _edge_query(model, name, mode, *values):
    """The links of the many-to-many ``name`` of ``model`` as (here, there,
    basis): ``mode`` "here", "there" or "either" (``values``: the centre's
    pk at that end, the other end published), "from" (links from either of
    two lists of pks, both ends published) or "within" (between the two)."""
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
        published = Q(**{f"{here}__status": PUBLISHED, f"{there}__status": PUBLISHED})
        where = ((a & b) if mode == "within" else (a | b)) & published
    return through.objects.filter(where).values_list(f"{here}_id", f"{there}_id", "basis")


def _edges(kind, model_field, other, mode, *values):
    """((kind, pk), (other, pk), basis) of the links of ``model_field`` (see
    ``_edge_query``): one query."""
    shape = (kind.model, model_field.name, mode)
    rows = prepared.rows(_edge_query, values, shape)
    return [((kind.name, a), (other.name, b), basis) for a, b, basis in rows]


def _centre_links(centre):
    """The links of ``centre`` (a key; the record may be a curator's draft)
    to published records."""
    found = []
    for kind, model_field, other in link_fields():
        if centre[0] not in (kind.name, other.name):
            continue
        if kind.name == centre[0] and other.name == centre[0]:
            mode = "either"
        else:
            mode = "here" if kind.name == centre[0] else "there"
        found += _edges(kind, model_field, other, mode, centre[1])
    return found


def _links(keys, within=False):
    """The links between published records drawn from any of ``keys`` (or,
    ``within``, between two of them)."""
    found = []
    for kind, model_field, other in link_fields():
        mode = "within" if within else "from"
        found += _edges(kind, model_field, other, mode, _pks(keys, kind), _pks(keys, other))
    return found


def _records_query(model, pks):
    return nodes.read_all_query(model.objects.filter(pk__in=pks))


def around(record):
    """The neighbourhood ``Graph`` of ``record`` (published, or a curator's
    draft), or None if its kind is not drawn."""
    kind = on_map().get(type(record))
    if kind is None:
        return None
    centre = (kind.name, record.pk)
    links = _centre_links(centre)
    first = {key for link in links for key in link[:2]} - {centre}
    links += _links(first)
    second = {key for link in links for key in link[:2]} - first - {centre}
    links += _links(second, within=True)
    graph = Graph()
    for a, b, basis in links:
        graph.links[a].add(b)
        graph.links[b].add(a)
        if basis == "stated":
            graph.stated.add(frozenset((a, b)))
    everything = {centre} | first | second
    for other in on_map().values():
        rows = prepared.rows(_records_query, (_pks(everything, other),), (other.model,))
        graph.nodes.update(nodes.all_of_rows(other.model, rows))
    return graph
