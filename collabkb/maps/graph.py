"""The published knowledge base as a graph: records of the kinds on the map,
and the links between them that their models declare.

Built in one query per kind, one per kind's tags and one per kind of link,
then kept in the process for as long as the content version (``pagecache``)
is the same: a write anywhere makes the next page build it afresh, on every
app server. /map/ draws its evidence links; record pages read theirs one
record at a time (``collabkb.published``).
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import ManyToManyField
from django.utils.text import Truncator

from collabkb import pagecache
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
