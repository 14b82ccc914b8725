"""Sources: the video's timeline, the report's outline, one moment."""

from django.db.models import Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from collabkb.models import Source
from collabkb.params import clean as clean_param
from collabkb.sources.places import cited_places


def index(request):
    sources = Source.objects.public().with_public_counts().order_by("title")
    return render(request, "collabkb/source_index.html", {"sources": sources})


def detail(request, slug):
    """A video's timeline or a report's outline; ?place=<anchor> shows one place whole."""
    source = get_object_or_404(Source.objects.public(), slug=slug)
    one_place = "" if source.is_video else clean_param(request.GET.get("place"))
    message = ""
    if one_place:
        place = _outline_place(source, one_place)
        places = cited_places(source, only=place, limit=False) if place else []
        if not places:
            message = (
                f"No place “{one_place[:80]}” in this document is cited by a published record."
            )
    else:
        places = cited_places(source)
    return render(
        request,
        "collabkb/source_detail.html",
        {"source": source, "places": places, "one_place": one_place, "message": message},
    )


def _outline_place(source, anchor):
    """The place fields of the report place whose anchor is ``anchor``, or None."""
    cited = source.citations.public().order_by("position").values("position", "locator")
    for place in cited.distinct():
        if slugify(place["locator"]) == anchor:
            return place
    return None


def moment(request, slug, second):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    if not source.is_video:
        raise Http404("Only a video has moments.")
    places = cited_places(source, only={"second": second}, limit=False)
    if not places:
        raise Http404("No published record cites this moment of the video.")
    public = source.citations.public()
    neighbours = public.aggregate(
        previous=Max("second", filter=Q(second__lt=second)),
        following=Min("second", filter=Q(second__gt=second)),
    )
    return render(
        request,
        "collabkb/moment.html",
        {"source": source, "place": places[0], "second": second, **neighbours},
    )
