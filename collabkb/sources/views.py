"""Sources: the video's timeline, the report's outline, one moment."""

from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from collabkb.kinds import registry
from collabkb.models import Source
from collabkb.params import clean as clean_param

# A timeline or outline shows a few records and quotations per place; the
# moment page, or the outline's ?place=, shows all of one place.
RECORDS_PER_PLACE = 12
QUOTATIONS_PER_PLACE = 6


def _with_records(citations):
    """Citations with the published records that cite them: a query per kind."""
    return citations.prefetch_related(
        *[
            # Only what a place shows of a record: its title and address.
            Prefetch(
                kind.citing_name,
                queryset=kind.model.objects.published()
                .only("pk", "title", "slug", "status")
                .order_by("title"),
            )
            for kind in registry
        ]
    )


def _records_of(citation, kinds):
    """(label, record) of the prefetched records citing ``citation``.

    Read from the prefetch cache itself: a related manager's ``.all()`` would
    clone a queryset for every citation and kind.
    """
    cache = getattr(citation, "_prefetched_objects_cache", {})
    for kind in kinds:
        for record in cache.get(kind.citing_name, ()):
            yield kind.label, record


def _group(citations, key, limit=None):
    """Group citations (already in order) by a place key, with their records.

    One pass over the citations; each group's records are a dict, so the cost
    grows with the citations and records, not with their square.
    """
    kinds = list(registry)
    groups = []
    seen = None
    for citation in citations:
        if not groups or key(groups[-1]["citations"][0]) != key(citation):
            groups.append({"citations": [], "records": []})
            seen = set()
        group = groups[-1]
        group["citations"].append(citation)
        for label, record in _records_of(citation, kinds):
            if (label, record.pk) in seen:
                continue
            if limit and len(group["records"]) >= limit:
                group["more"] = True
                break
            seen.add((label, record.pk))
            group["records"].append((label, record))
    for group in groups:
        first = group["citations"][0]
        group["first"] = first
        group["labels"] = sorted({c.timestamp_label for c in group["citations"]})
        group["needs_review"] = any(c.needs_review for c in group["citations"])
        quotations = [c for c in group["citations"] if c.quotation]
        group["quotation_count"] = len(quotations)
        if limit and len(quotations) > QUOTATIONS_PER_PLACE:
            quotations = quotations[:QUOTATIONS_PER_PLACE]
            group["more"] = True
        group["quotations"] = quotations
    return groups


def index(request):
    sources = Source.objects.public().with_public_counts().order_by("title")
    return render(request, "collabkb/source_index.html", {"sources": sources})


def detail(request, slug):
    """A video's timeline or a report's outline; ?place=<anchor> shows one place whole."""
    source = get_object_or_404(Source.objects.public(), slug=slug)
    one_place = "" if source.is_video else clean_param(request.GET.get("place"))
    limit = None if one_place else RECORDS_PER_PLACE
    citations = _with_records(
        source.citations.public().order_by("second", "position", "locator", "key")
    )
    if source.is_video:
        places = _group(citations, key=lambda c: c.second, limit=limit)
    else:
        places = _group(citations, key=lambda c: (c.position, c.locator), limit=limit)
    message = ""
    if one_place:
        places = [p for p in places if p["first"].anchor == one_place]
        if not places:
            message = (
                f"No place “{one_place[:80]}” in this document is cited by a published record."
            )
    return render(
        request,
        "collabkb/source_detail.html",
        {"source": source, "places": places, "one_place": one_place, "message": message},
    )


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
