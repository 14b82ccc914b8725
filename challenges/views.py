from django.shortcuts import render

from challenges.facts import levels_of
from challenges.kinds import CHALLENGE
from challenges.models import Challenge
from collabkb.exchange import downloads
from collabkb.published import data, facets, record
from collabkb.published.linklist import shown
from collabkb.published.links import linked, linked_through
from collabkb.published.records import preview


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
    challenge = record.find(Challenge, slug, request.user)
    if downloads.wanted(request) == "json":
        return preview(challenge, data.record_json(challenge, request))
    params = request.GET
    return preview(
        challenge,
        render(
            request,
            "challenges/detail.html",
            {
                "record": challenge,
                "levels": levels_of(challenge),
                "tags": record.tags_of(challenge),
                "practices": linked(challenge, "addressed_by", shown(params, "addressed-by")),
                "cases_faced": linked(challenge, "faced_by", shown(params, "faced-by")),
                "cases_through_practices": linked_through(
                    challenge,
                    "addressed_by",
                    "exemplified_by",
                    leaving="faced_by",
                    limit=shown(params, "through-practices"),
                ),
                "related": linked(challenge, "related", shown(params, "related")),
            },
        ),
    )
