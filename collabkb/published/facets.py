"""Filtered, faceted, sorted and paginated lists of records.

A list page names its facets; each is read from one query parameter. The page
shows, for each facet, how many records each value would give with the other
filters kept, so every facet costs one query whatever the number of records.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from collabkb.exchange import downloads
from collabkb.kinds import registry
from collabkb.published import evidence
from collabkb.text.params import clean as clean_param

PAGE_SIZE = 20
NOT_STATED = "not-stated"  # the query value of a facet's empty value


@dataclass
class Facet:
    """A filter on one field, counted with one GROUP BY query.

    ``path`` is the field filtered on, ``label_path`` the field whose value is
    shown (defaults to ``path``), and ``labels`` maps values to labels where
    the field has choices.
    """

    param: str
    title: str
    path: str
    label_path: str = ""
    labels: dict = field(default_factory=dict)
    # Conditions on the related rows the values come from, e.g. that an
    # organisation is published: a draft's values are not a reader's to see.
    where: dict = field(default_factory=dict)
    # The label of an empty value where it means "the source does not say"
    # (an organisation's sector): offered as NOT_STATED. Otherwise left out.
    blank: str = ""

    def apply(self, queryset, value):
        if self.blank and value == NOT_STATED:
            value = ""
        model = queryset.model
        matching = model.objects.filter(**{self.path: value, **self.where})
        return queryset.filter(pk__in=matching.values("pk"))

    def counts(self, queryset):
        label_path = self.label_path or self.path
        # Empty values are dropped after grouping: excluding them in the query
        # would drop a record with several values when any one is empty.
        # The where-conditions and the values share one join.
        rows = (
            queryset.filter(**self.where)
            .values(self.path, label_path)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        options = [
            (row[self.path], self.labels.get(row[self.path], row[label_path]), row["n"])
            for row in rows
            if row[self.path] not in (None, "")
        ]
        if self.blank:
            options += [(NOT_STATED, self.blank, row["n"]) for row in rows if row[self.path] == ""]
        return sorted(options, key=lambda option: (-option[2], str(option[1]).lower()))


@dataclass
class Condition:
    """A filter by conditions on a record's own row rather than by a field's
    values ("across borders", "with reported outcomes"): ``options`` maps each
    query value to its label and its condition (a ``Q``), in the order shown.
    Every option is counted in one query; those no record meets are left out."""

    param: str
    title: str
    options: dict  # {value: (label, Q)}

    def apply(self, queryset, value):
        option = self.options.get(value)
        return queryset.filter(option[1]) if option else queryset.none()

    def counts(self, queryset):
        names = {value: f"n_{i}" for i, value in enumerate(self.options)}
        found = queryset.aggregate(
            **{names[value]: Count("pk", filter=q) for value, (_, q) in self.options.items()}
        )
        options = [
            (value, label, found[names[value]]) for value, (label, _) in self.options.items()
        ]
        return [option for option in options if option[2]]


@dataclass
class Sort:
    param: str
    title: str
    order: tuple
    annotate: dict = field(default_factory=dict)


@dataclass
class FacetedList:
    """The outcome of reading a list page's query string."""

    page: object
    facets: list
    selected: dict
    sort: Sort
    sorts: list
    messages: list
    total: int
    results: object = None


def faceted_list(request, queryset, facets, sorts, noun, annotate=None):
    """Filter ``queryset`` by the request's parameters, count and paginate."""
    selected = {}
    for facet in facets:
        value = clean_param(request.GET.get(facet.param))
        if value:
            selected[facet.param] = value
    messages = []
    sort = next((s for s in sorts if s.param == request.GET.get("sort")), sorts[0])
    if request.GET.get("sort") and request.GET.get("sort") != sort.param:
        messages.append(f"Unknown order “{request.GET['sort'][:50]}”: sorted by {sort.title}.")

    def filtered(except_param=None):
        result = queryset
        for facet in facets:
            if facet.param in selected and facet.param != except_param:
                result = facet.apply(result, selected[facet.param])
        return result

    shown = []
    for facet in facets:
        options = facet.counts(filtered(except_param=facet.param))
        value = selected.get(facet.param)
        if value is not None and value not in {str(option[0]) for option in options}:
            messages.append(f"No {noun} with {facet.title.lower()} “{value}”.")
        shown.append((facet, options, value))

    results = filtered().annotate(**sort.annotate, **(annotate or {})).order_by(*sort.order)
    paginator = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return FacetedList(
        page=page,
        facets=shown,
        selected=selected,
        sort=sort,
        sorts=sorts,
        messages=messages,
        total=paginator.count,
        results=results,
    )


def by_evidence():
    """The strongest evidence first, as the sources give it: the sources
    stating the record, then the links a source states (the stored figures,
    read through an index; collabkb.published.evidence). Not a count of
    citations."""
    return Sort(
        "evidence",
        "strongest evidence",
        ("-stated_source_count", "-stated_link_count", "title_sort"),
    )


def by_title():
    return Sort("title", "title", ("title_sort", "slug"))


def by_updated():
    return Sort("updated", "recently updated", ("-updated", "title_sort"))


def tag_facet():
    return Facet("tag", "Tag", "tags__slug", label_path="tags__name")


def source_facet():
    return Facet(
        "source", "Source", "citations__source__slug", label_path="citations__source__title"
    )


def list_page(request, records, facets, sorts, noun, template):
    """A list page: filtered and counted, or its CSV/JSON download."""
    kind = registry.for_model(records.model)
    shown = None if downloads.wanted(request) else evidence.annotations(kind)
    listing = faceted_list(request, records, facets, sorts, noun, annotate=shown)
    if kind := downloads.wanted(request):
        name = downloads.filename(noun, listing.selected)
        return downloads.list_download(request, listing.results, name, kind, listing.total)
    return render(request, template, {"listing": listing})
