from django.shortcuts import get_object_or_404, render

from cases.models import Case
from challenges.models import LEVELS, Challenge
from collabkb import facets
from collabkb.exchange import downloads
from collabkb.records import citations_prefetch, published_prefetch
from practices.models import Practice


def _facets():
    return [
        facets.Facet(
            "dimension",
            "Dimension",
            "dimension",
            labels=dict(Challenge.Dimension.choices),
        ),
        facets.ContainsFacet(
            "level",
            "Level",
            "levels",
            labels={level: level.capitalize() for level in LEVELS},
            values=LEVELS,
        ),
        facets.Facet("tag", "Tag", "tags__slug", label_path="tags__name"),
        facets.Facet(
            "source",
            "Source",
            "citations__source__slug",
            label_path="citations__source__title",
        ),
    ]


def _sorts():
    return [
        facets.by_title(),
        facets.by_citations(),
        facets.Sort("mentions", "interview mentions", ("-mentions", "title")),
        facets.by_updated(),
    ]


def index(request):
    records = Challenge.objects.published().prefetch_related("tags")
    listing = facets.faceted_list(request, records, _facets(), _sorts(), "challenges")
    if kind := downloads.wanted(request):
        return downloads.list_download(request, listing.results, "challenges", kind)
    return render(request, "challenges/index.html", {"listing": listing})


def detail(request, slug):
    challenge = get_object_or_404(
        Challenge.objects.published().prefetch_related(
            "tags",
            citations_prefetch(),
            published_prefetch("addressed_by", Practice, "tags"),
            published_prefetch("faced_by", Case),
            published_prefetch("related", Challenge),
        ),
        slug=slug,
    )

    if downloads.wanted(request) == "json":
        return downloads.json_response(
            downloads.record_data(challenge, request), challenge.slug, attachment=False
        )
    practices = challenge.addressed_by.all()
    through_practices = (
        Case.objects.published()
        .filter(exemplifies__in=[p.pk for p in practices])
        .exclude(pk__in=[c.pk for c in challenge.faced_by.all()])
        .distinct()
        .order_by("title")
    )
    return render(
        request,
        "challenges/detail.html",
        {
            "record": challenge,
            "practices": practices,
            "cases_faced": challenge.faced_by.all(),
            "cases_through_practices": through_practices,
        },
    )
