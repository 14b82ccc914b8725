from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from challenges.models import Challenge
from collabkb.exchange import downloads
from collabkb.published import data, facets, record
from collabkb.published.linklist import shown
from collabkb.published.links import linked
from collabkb.published.records import preview, published_prefetch
from practices.kinds import PRACTICE
from practices.models import Practice, Series


def index(request):
    records = Practice.objects.published().select_related("series").prefetch_related("tags")
    return facets.list_page(
        request, records, PRACTICE.facets(), PRACTICE.sorts(), "practices", "practices/index.html"
    )


def detail(request, slug):
    practice = record.find(Practice, slug, request.user, related=("series",))
    if downloads.wanted(request) == "json":
        return preview(practice, data.record_json(practice, request))
    params = request.GET
    previous, following = record.in_sequence_around(practice)
    return preview(
        practice,
        render(
            request,
            "practices/detail.html",
            {
                "record": practice,
                "previous": previous,
                "following": following,
                "tags": record.tags_of(practice),
                "challenges": linked(practice, "addresses", shown(params, "addresses")),
                "cases": linked(practice, "exemplified_by", shown(params, "exemplified-by")),
                "related": linked(practice, "related", shown(params, "related")),
            },
        ),
    )


SERIES_PAGE = 50


def series_index(request):
    """Every numbered series with a published practice, with its source and size."""
    shown = (
        Series.objects.annotate(
            n_practices=Count("practices", filter=Q(practices__status="published"))
        )
        .filter(n_practices__gt=0)
        .select_related("source")
        .order_by("title", "slug")
    )
    return render(request, "practices/series_index.html", {"series_list": shown})


def series(request, slug):
    series = get_object_or_404(Series.objects.select_related("source"), slug=slug)
    practices = (
        series.practices.published()
        .prefetch_related(published_prefetch("addresses", Challenge))
        .order_by("number", "title")
    )
    page = Paginator(practices, SERIES_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        # A series is public only through a published practice in it.
        raise Http404("No published practice in this series.")
    return render(
        request,
        "practices/series.html",
        {"series": series, "practices": page.object_list, "page": page},
    )
