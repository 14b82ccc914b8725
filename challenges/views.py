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
        facets.tag_facet(),
        facets.source_facet(),
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
    return facets.list_page(
        request, records, _facets(), _sorts(), "challenges", "challenges/index.html"
    )


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
