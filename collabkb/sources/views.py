"""Sources: the video's timeline, the report's outline, one moment."""

from django.http import Http404
from django.shortcuts import render

from collabkb.models import Source
from collabkb.published.sources import (
    moment_of,
    place_at,
    places_of,
    public_source,
    timeline_page,
)
from collabkb.text.params import clean as clean_param


def index(request):
    sources = Source.objects.order_by("title").public_with_counts()
    return render(request, "collabkb/source_index.html", {"sources": sources})


def _public_source(slug):
    source = public_source(slug)
    if source is None:
        raise Http404("No source a published record cites has this address.")
    return source


def detail(request, slug):
    """A video's timeline, in pages (?page=), or a report's outline;
    ?place=<anchor> shows one place of a report whole."""
    source = _public_source(slug)
    one_place = "" if source.is_video else clean_param(request.GET.get("place"))
    message = ""
    page = None
    if source.is_video:
        page, places = timeline_page(source, request.GET.get("page"))
    elif one_place:
        place = place_at(source, one_place)
        places = [place] if place else []
        if not places:
            message = (
                f"No place “{one_place[:80]}” in this document is cited by a published record."
            )
    else:
        places = places_of(source)
    return render(
        request,
        "collabkb/source_detail.html",
        {
            "source": source,
            "places": places,
            "page": page,
            "one_place": one_place,
            "message": message,
        },
    )


def moment(request, slug, second):
    source = _public_source(slug)
    if not source.is_video:
        raise Http404("Only a video has moments.")
    place, previous, following = moment_of(source, second)
    if place is None:
        raise Http404("No published record cites this moment of the video.")
    return render(
        request,
        "collabkb/moment.html",
        {
            "source": source,
            "place": place,
            "second": second,
            "previous": previous,
            "following": following,
        },
    )
