"""/map/: the whole knowledge base drawn, filterable by dimension, kind, tag and source.

A filter chooses records (the challenges of a dimension, the practices or
cases of a kind, the records with a tag or citing a source; several filters:
the records every one chooses); the map shows them and the records they
link to. No filter: everything, each column up to ``select.WHOLE_SHOWN``,
the most linked first (the stored figure). Read anew each time, bounded by
what the drawing shows; the page cache keeps the page.
"""

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from taggit.models import Tag

from collabkb import prepared
from collabkb.maps import drawing, select
from collabkb.maps import graph as graphs
from collabkb.published.sources import public_sources
from collabkb.text.params import clean
from collabkb.web.options import grouped, options


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
    """The tags of published records on the map: a draft's own tag stays unseen.
    Each tag is looked up by its first published record (indexed), not every
    published record's tags read."""
    used = [
        Exists(kind.tagged.objects.filter(tag=OuterRef("pk"), content_object__status="published"))
        for kind in graphs.kinds()
    ]
    return Tag.objects.filter(reduce(operator.or_, used)) if used else Tag.objects.none()


def _choices():
    """The tags and sources a reader may filter by: those of published records."""
    return dict(prepared.rows(_tags_query)), dict(prepared.rows(_sources_query))


def _tags_query():
    return _public_tags().order_by("name").values_list("slug", "name")


def _sources_query():
    return public_sources().order_by("title").values_list("slug", "title")


def _tagged(kind, tag):
    return Q(pk__in=kind.tagged.objects.filter(tag__slug=tag).values("content_object_id"))


def _citing(kind, source):
    return Q(pk__in=kind.model.objects.filter(citations__source__slug=source).values("pk"))


def _chosen(request, facets, tags, sources, messages):
    """The filters asked for, as {kind name: the kind's records every filter
    chooses (a queryset), or None}; unknown values are left out."""
    kinds = {k.label_plural: k for k in graphs.kinds()}
    chosen, asked = [], {}  # each filter: {kind name: condition}
    for param, (title, groups) in facets.items():
        value = clean(request.GET.get(param), 60)
        if not value:
            continue
        names = {kinds[label].name for label, choices in groups if value in dict(choices)}
        if not names:
            messages.append(f"No {title.lower()} “{value}”: that filter is left out.")
            continue
        asked[param] = value
        chosen.append(
            {k.name: Q(**{k.map_facet[1]: value}) for k in graphs.kinds() if k.name in names}
        )
    for param, limit, known, condition in (
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
        chosen.append({k.name: condition(k, value) for k in graphs.kinds()})
    if not chosen:
        return None, asked
    seeds = {}
    for kind in graphs.kinds():
        if all(kind.name in conditions for conditions in chosen):
            records = kind.model.objects.published()
            for conditions in chosen:
                records = records.filter(conditions[kind.name])
            seeds[kind.name] = records
        else:
            seeds[kind.name] = None
    return seeds, asked


def _stated_only(request, messages):
    """Whether ``?basis=stated`` asks for the links a source states alone."""
    value = clean(request.GET.get("basis"), 20)
    if value and value != graphs.STATED:
        messages.append(f"No basis “{value}”: every link is drawn.")
    return value == graphs.STATED


def whole_map(request):
    messages = []
    facets = _facets()
    tags, sources = _choices()
    seeds, asked = _chosen(request, facets, tags, sources, messages)
    stated_only = _stated_only(request, messages)
    selection = select.whole(seeds, stated_only)
    svg, map_list = drawing.draw(selection), drawing.as_list(selection)
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
            "filtered": seeds is not None or stated_only,
            "stated_only": stated_only,
        },
    )
