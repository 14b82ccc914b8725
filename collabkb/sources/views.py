"""Sources: the video's timeline, the report's outline, one moment."""

from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from collabkb.kinds import registry
from collabkb.models import Source


def _with_records(citations):
    """Citations with the published records that cite them: a query per kind."""
    return citations.prefetch_related(
        *[
            Prefetch(kind.citing_name, queryset=kind.model.objects.published().order_by("title"))
            for kind in registry
        ]
    )


def _records_of(citation):
    for kind in registry:
        for record in getattr(citation, kind.citing_name).all():
            yield kind.label, record


def _group(citations, key):
    """Group citations (already in order) by a place key, with their records."""
    groups = []
    for citation in citations:
        if not groups or key(groups[-1]["citations"][0]) != key(citation):
            groups.append({"citations": [], "records": []})
        group = groups[-1]
        group["citations"].append(citation)
        for kind_record in _records_of(citation):
            if kind_record not in group["records"]:
                group["records"].append(kind_record)
    for group in groups:
        first = group["citations"][0]
        group["first"] = first
        group["labels"] = sorted({c.timestamp_label for c in group["citations"]})
        group["needs_review"] = any(c.needs_review for c in group["citations"])
        group["quotations"] = [c for c in group["citations"] if c.quotation]
    return groups


def index(request):
    sources = Source.objects.public().with_public_counts().order_by("title")
    return render(request, "collabkb/source_index.html", {"sources": sources})


def detail(request, slug):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    citations = _with_records(
        source.citations.public().order_by("second", "position", "locator", "key")
    )
    if source.is_video:
        places = _group(citations, key=lambda c: c.second)
    else:
        places = _group(citations, key=lambda c: (c.position, c.locator))
    return render(request, "collabkb/source_detail.html", {"source": source, "places": places})


def moment(request, slug, second):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    if not source.is_video:
        raise Http404("Only a video has moments.")
    public = source.citations.public()
    citations = list(_with_records(public.filter(second=second).order_by("key")))
    if not citations:
        raise Http404("No published record cites this moment of the video.")
    place = _group(citations, key=lambda c: c.second)[0]
    neighbours = public.aggregate(
        previous=Max("second", filter=Q(second__lt=second)),
        following=Min("second", filter=Q(second__gt=second)),
    )
    return render(
        request,
        "collabkb/moment.html",
        {"source": source, "place": place, "second": second, **neighbours},
    )
