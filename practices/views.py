from django.shortcuts import get_object_or_404, render

from practices.models import Practice, Series


def detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.published()
        .select_related("series")
        .prefetch_related("citations__source", "tags"),
        slug=slug,
    )
    return render(request, "practices/detail.html", {"record": practice})


def series(request, slug):
    series = get_object_or_404(Series, slug=slug)
    practices = series.practices.published().order_by("number", "title")
    return render(
        request, "practices/series.html", {"series": series, "practices": practices}
    )
