"""The published knowledge base as a graph: records of the kinds on the map,
and the links between them that their models declare.

Built in one query per kind and one per kind of link, then kept in the
process for as long as the content version (``pagecache``) is the same: a
write anywhere makes the next page build it afresh, on every app server.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import ManyToManyField

from collabkb import pagecache
from collabkb.kinds import registry
from collabkb.records import published_links


@dataclass(frozen=True)
class Node:
    kind: str  # the kind's name: "challenges"
    pk: int
    slug: str
    title: str
    title_sort: str
    facet: str  # its value of the kind's map facet: a dimension, a kind
    url: str

    @property
    def key(self):
        return (self.kind, self.pk)


@dataclass
class Graph:
    nodes: dict = field(default_factory=dict)  # key -> Node
    by_facet: dict = field(default_factory=lambda: defaultdict(set))  # (kind, value) -> {key}
    links: dict = field(default_factory=lambda: defaultdict(set))  # key -> {key}


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


def _build():
    graph = Graph()
    for kind in kinds():
        facet = kind.map_facet[1] if kind.map_facet else "pk"
        rows = kind.model.objects.published().values_list(
            "pk", "slug", "shown_title", "title_sort", facet
        )
        for pk, slug, title, title_sort, value in rows:
            url = kind.model(pk=pk, slug=slug).get_absolute_url()
            node = Node(kind.name, pk, slug, title, title_sort, str(value or ""), url)
            graph.nodes[node.key] = node
            graph.by_facet[(kind.name, node.facet)].add(node.key)
    for kind, model_field, other in link_fields():
        for a, b in published_links(model_field):
            graph.links[(kind.name, a)].add((other.name, b))
            graph.links[(other.name, b)].add((kind.name, a))
    return graph


current = pagecache.per_content_version(_build)  # the graph of the current content
