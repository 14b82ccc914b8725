"""The published knowledge base as a graph: records of the kinds on the map,
and the links between them that their models declare.

Built in one query per kind, one per kind's tags and one per kind of link,
then kept in the process for as long as the content version (``pagecache``)
is the same: a write anywhere makes the next page build it afresh, on every
app server. The map draws its evidence links; a record page lists its linked
records from it (``linked``), each with what a list shows of it, and its tags.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import ManyToManyField
from django.utils.text import Truncator

from collabkb import pagecache, versions
from collabkb.kinds import registry
from collabkb.records import published_links


class Tag(NamedTuple):
    name: str
    slug: str


@dataclass(frozen=True)
class Node:
    kind: str  # the kind's name: "challenges"
    pk: int
    slug: str
    title: str
    title_sort: str
    facet: str  # its value of the kind's map facet: a dimension, a kind
    url: str
    summary: str = ""  # its first 30 words, as a list of records shows it
    position: tuple = ()  # its place in a sequence (kind.link_order), for sorting
    tags: tuple = ()  # Tag(name, slug), in the order they were given
    own_title: str = ""  # its title as its own page heads it ("Step 2: …")

    @property
    def key(self):
        return (self.kind, self.pk)


@dataclass
class Graph:
    nodes: dict = field(default_factory=dict)  # key -> Node
    by_facet: dict = field(default_factory=lambda: defaultdict(set))  # (kind, value) -> {key}
    by_tag: dict = field(default_factory=lambda: defaultdict(set))  # tag slug -> {key}
    links: dict = field(default_factory=lambda: defaultdict(set))  # key -> {key}
    # (kind, position but its last part) -> [node], by position: the numbered
    # records of a sequence (kind.link_order), such as a series' steps
    sequences: dict = field(default_factory=lambda: defaultdict(list))
    # (kind, field or accessor name) -> {pk: {linked pk}}, for every
    # many-to-many between kinds on the map, both ways
    by_field: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))


def kinds():
    """The kinds on the map, left to right."""
    return sorted(
        (kind for kind in registry if kind.map_column is not None), key=lambda k: k.map_column
    )


def link_fields():
    """(kind, many-to-many field, kind linked to) for each link between kinds on the map."""
    on_map = {kind.model: kind for kind in kinds()}
    found = []
    for kind in on_map.values():
        for name in kind.evidence_links:
            model_field = kind.model._meta.get_field(name)
            if isinstance(model_field, ManyToManyField) and model_field.related_model in on_map:
                found.append((kind, model_field, on_map[model_field.related_model]))
    return found


def _fields_between():
    """(kind, field, kind linked to) for every many-to-many a kind on the map
    declares to a kind on the map, its own kind included ("related")."""
    on_map = {kind.model: kind for kind in kinds()}
    return [
        (kind, model_field, on_map[model_field.related_model])
        for kind in on_map.values()
        for model_field in kind.model._meta.many_to_many
        if model_field.related_model in on_map
    ]


def _summary(text):
    return Truncator(text).words(30, truncate=" …") if text else ""


def _position(values):
    # Empty values last, as a reader expects of numbered steps.
    return tuple((value is None, value if value is not None else "") for value in values)


def _nodes(kind, records):
    """Nodes of ``records`` (a queryset of ``kind``'s model): one query."""
    facet = kind.map_facet[1] if kind.map_facet else "pk"
    rows = records.values_list(
        "pk", "slug", "shown_title", "title_sort", facet, "summary", "title", *kind.link_order
    )
    for pk, slug, title, title_sort, value, summary, own_title, *position in rows:
        url = kind.model(pk=pk, slug=slug).get_absolute_url()
        yield Node(
            kind.name,
            pk,
            slug,
            title,
            title_sort,
            str(value or ""),
            url,
            _summary(summary),
            _position(position),
            own_title=own_title,
        )


def tags_by_pk(kind, records):
    """{pk: (Tag, ...)} of ``records`` (a queryset of ``kind``'s model), in the
    order they were given: one query."""
    found = defaultdict(list)
    rows = (
        kind.tagged.objects.filter(content_object__in=records)
        .order_by("pk")
        .values_list("content_object_id", "tag__name", "tag__slug")
    )
    for pk, name, slug in rows:
        found[pk].append(Tag(name, slug))
    return {pk: tuple(tags) for pk, tags in found.items()}


def _build():
    graph = Graph()
    for kind in kinds():
        published = kind.model.objects.published()
        tags = tags_by_pk(kind, published)
        for node in _nodes(kind, published):
            node = replace(node, tags=tags.get(node.pk, ()))
            graph.nodes[node.key] = node
            graph.by_facet[(kind.name, node.facet)].add(node.key)
            for tag in node.tags:
                graph.by_tag[tag.slug].add(node.key)
            if node.position and not node.position[-1][0]:
                graph.sequences[(kind.name, node.position[:-1])].append(node)
    for sequence in graph.sequences.values():
        sequence.sort(key=lambda node: (node.position, node.title_sort, node.pk))
    drawn = {(kind.name, model_field.name) for kind, model_field, _ in link_fields()}
    for kind, model_field, other in _fields_between():
        reverse = model_field.remote_field
        one_way = reverse.symmetrical and other is kind  # stored both ways already
        for a, b in published_links(model_field):
            graph.by_field[(kind.name, model_field.name)][a].add(b)
            if not one_way:
                graph.by_field[(other.name, reverse.get_accessor_name())][b].add(a)
            if (kind.name, model_field.name) in drawn:
                graph.links[(kind.name, a)].add((other.name, b))
                graph.links[(other.name, b)].add((kind.name, a))
    return graph


current = pagecache.per_content_version(_build)  # the graph of the current content


def linked(record, name, in_sequence=False):
    """The published records linked to ``record`` by its many-to-many ``name``
    (a field or a reverse accessor between kinds on the map), as nodes: by
    title, or ``in_sequence`` by their kind's ``link_order`` first.

    A published record's come from the graph; an unpublished one (a
    curator's preview) is not in it, so its are read: one query."""
    other = registry.for_model(type(record)._meta.get_field(name).related_model)
    if record.is_published:
        graph = current()
        pks = graph.by_field.get((registry.for_model(type(record)).name, name), {})
        keys = ((other.name, pk) for pk in pks.get(record.pk, ()))
        # (a write between the build's queries can leave a link to a node it
        # did not read; the next request builds the graph again)
        nodes = [graph.nodes[key] for key in keys if key in graph.nodes]
    else:
        nodes = list(_nodes(other, getattr(record, name).published()))
    versions.depends_on(versions.tag(type(record), record.pk))
    depends_on_nodes(nodes)
    if in_sequence:
        return sorted(nodes, key=lambda n: (n.position, n.title_sort, n.pk))
    return sorted(nodes, key=lambda n: (n.title_sort, n.pk))


def depends_on_nodes(nodes):
    """The page being rendered shows ``nodes`` (see collabkb/versions.py)."""
    versions.depends_on(*(versions.tag(registry.get(n.kind).model, n.pk) for n in nodes if n))


def linked_through(nodes, name, leaving=()):
    """The published records linked by ``name`` to any of ``nodes`` (of one
    kind), less those ``leaving`` out, by title: the cases that show the
    practices addressing a challenge."""
    if not nodes:
        return []
    graph = current()
    pks = graph.by_field.get((nodes[0].kind, name), {})
    model = registry.get(nodes[0].kind).model
    other = registry.for_model(model._meta.get_field(name).related_model)
    keys = {(other.name, pk) for node in nodes for pk in pks.get(node.pk, ())}
    keys -= {node.key for node in leaving}
    nodes = [graph.nodes[key] for key in keys if key in graph.nodes]
    depends_on_nodes(nodes)
    return sorted(nodes, key=lambda n: (n.title_sort, n.pk))


def tags_of(record):
    """``record``'s tags, from the graph if it is there (a published record on
    the map); else read (one query)."""
    kind = registry.for_model(type(record))
    versions.depends_on(versions.tag(type(record), record.pk))
    node = current().nodes.get((kind.name, record.pk)) if record.is_published else None
    if node is None:
        return [Tag(tag.name, tag.slug) for tag in record.tags.all()]
    return node.tags


def in_sequence_around(record):
    """The published records just before and just after ``record`` in its
    kind's sequence (``link_order``: a practice's series, then its step):
    (node or None, node or None). ``record`` has its ``link_order`` fields
    loaded (a practice its series)."""
    kind = registry.for_model(type(record))
    _depends_on_sequence(record, kind)
    position = _position(_value(record, path) for path in kind.link_order)
    if not position or position[-1][0]:  # not in a sequence, or no number in it
        return None, None
    sequence = current().sequences.get((kind.name, position[:-1]), [])
    at = bisect.bisect_left(sequence, position, key=lambda node: node.position)
    before = sequence[at - 1] if at > 0 else None
    if at < len(sequence) and sequence[at].position == position:
        at += 1  # the record itself, if published
    after = sequence[at] if at < len(sequence) else None
    depends_on_nodes([before, after])
    return before, after


def _depends_on_sequence(record, kind):
    """The steps around a record come from its sequence (a practice's series):
    a write to any step bumps the series' tag (collabkb/pagecache.py)."""
    versions.depends_on(versions.tag(type(record), record.pk))
    for path in kind.link_order:
        field = type(record)._meta.get_field(path.split("__")[0])
        if field.many_to_one and getattr(record, field.attname) is not None:
            versions.depends_on(versions.tag(field.related_model, getattr(record, field.attname)))


def _value(record, path):
    for name in path.split("__"):
        record = getattr(record, name, None)
    return record
