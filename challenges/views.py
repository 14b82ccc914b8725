from django.shortcuts import get_object_or_404, render

from cases.models import Case
from challenges.facts import levels_of
from challenges.kinds import CHALLENGE
from challenges.models import Challenge
from collabkb import facets
from collabkb.exchange import downloads
from collabkb.maps.graph import linked, linked_through, tags_of
from collabkb.records import citations_prefetch, preview, published_prefetch
from practices.models import Practice


def index(request):
    records = Challenge.objects.published().prefetch_related("tags", "levels")
    return facets.list_page(
        request,
        records,
        CHALLENGE.facets(),
        CHALLENGE.sorts(),
        "challenges",
        "challenges/index.html",
    )


def detail(request, slug):
    if downloads.wanted(request) == "json":
        challenge = get_object_or_404(
            Challenge.objects.visible_to(request.user).prefetch_related(
                "tags",
                "levels",
                citations_prefetch(),
                published_prefetch("addressed_by", Practice, "tags"),
                published_prefetch("faced_by", Case),
                published_prefetch("related", Challenge),
            ),
            slug=slug,
        )
        return preview(
            challenge,
            downloads.json_response(
                downloads.record_data(challenge, request), challenge.slug, attachment=False
            ),
        )
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user), slug=slug)
    practices = linked(challenge, "addressed_by")
    faced = linked(challenge, "faced_by")
    return preview(
        challenge,
        render(
            request,
            "challenges/detail.html",
            {
                "record": challenge,
                "levels": levels_of(challenge, []),
                "tags": tags_of(challenge),
                "practices": practices,
                "cases_faced": faced,
                "cases_through_practices": linked_through(practices, "exemplified_by", faced),
                "related": linked(challenge, "related"),
            },
        ),
    )
