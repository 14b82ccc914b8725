"""/map/: the whole knowledge base drawn, filterable by dimension, kind, tag and source.

A filter chooses records (the challenges of a dimension, the practices or
cases of a kind, the records with a tag or citing a source; several filters:
the records every one chooses); the map shows them and the records they
link to. No filter: everything, each column up to ``select.WHOLE_SHOWN``.
"""

import operator
from functools import reduce

from django.db.models import Q
from django.shortcuts import render
from taggit.models import Tag

from collabkb import pagecache
from collabkb.maps import drawing, select
from collabkb.maps import graph as graphs
from collabkb.models import Source
from collabkb.options import grouped, options
from collabkb.params import clean


def _facets():
    """{parameter: (title, [(group label, [(value, label)])])} from the kinds on the map."""
    facets = {}
    for kind in graphs.kinds():
        if not kind.map_facet:
            continue
        param, _, choices = kind.map_facet
        title = "Dimension" if param == "dimension" else "Kind"
        facets.setdefault(param, (title, []))[1].append((kind.label_plural, list(choices)))
    return facets


def _public_tags():
    """The tags of published records on the map: a draft's own tag stays unseen."""
    used = [
        Q(pk__in=kind.tagged.objects.filter(content_object__status="published").values("tag_id"))
        for kind in graphs.kinds()
    ]
    return Tag.objects.filter(reduce(operator.or_, used)) if used else Tag.objects.none()


@pagecache.per_content_version
def _choices():
    """The tags and sources a reader may filter by: those of published records."""
    tags = dict(_public_tags().order_by("name").values_list("slug", "name"))
    sources = dict(Source.objects.public().order_by("title").values_list("slug", "title"))
    return tags, sources


def _tagged(tag):
    """The records with ``tag``, as node keys, from the graph."""
    return set(graphs.current().by_tag.get(tag, ()))


def _citing(source):
    """The records citing ``source``, as node keys: one query per kind."""
    keys = set()
    for kind in graphs.kinds():
        records = kind.model.objects.filter(citations__source__slug=source)
        keys.update((kind.name, pk) for pk in records.values_list("pk", flat=True).distinct())
    return keys


def _chosen(request, facets, tags, sources, messages):
    """The filters asked for, each a set of node keys; unknown values are left out."""
    graph = graphs.current()
    kinds = {k.label_plural: k for k in graphs.kinds()}
    chosen, asked = [], {}
    for param, (title, groups) in facets.items():
        value = clean(request.GET.get(param), 60)
        if not value:
            continue
        names = {kinds[label].name for label, choices in groups if value in dict(choices)}
        if not names:
            messages.append(f"No {title.lower()} “{value}”: that filter is left out.")
            continue
        asked[param] = value
        chosen.append(set().union(*(graph.by_facet.get((name, value), ()) for name in names)))
    for param, limit, known, records in (
        ("tag", 100, tags, _tagged),
        ("source", 120, sources, _citing),
    ):
        value = clean(request.GET.get(param), limit)
        if not value:
            continue
        if value not in known:
            messages.append(f"No {param} “{value}”: that filter is left out.")
            continue
        asked[param] = value
        chosen.append(records(value))
    seeds = set.intersection(*chosen) if chosen else None
    return seeds, asked


MOST_KEPT = 500  # drawings kept per process, as a record's neighbourhood drawings are
_drawn = pagecache.kept_per_content_version(MOST_KEPT)  # the filters asked -> drawing


def _draw(seeds):
    selection = select.whole(seeds)
    return selection, drawing.draw(selection), drawing.as_list(selection)


def whole_map(request):
    messages = []
    facets = _facets()
    tags, sources = _choices()
    seeds, asked = _chosen(request, facets, tags, sources, messages)
    # The same filters on the same content give the same drawing.
    selection, svg, map_list = _drawn(tuple(sorted(asked.items())), lambda: _draw(seeds))
    return render(
        request,
        "collabkb/map.html",
        {
            "selection": selection,
            "svg": svg,
            "map_list": map_list,
            "filters": [
                (param, title, grouped(groups, asked.get(param, "")))
                for param, (title, groups) in facets.items()
            ],
            "tag_options": options(tags.items(), asked.get("tag", "")),
            "source_options": options(sources.items(), asked.get("source", "")),
            "asked": asked,
            "messages": messages,
            "filtered": seeds is not None,
        },
    )
