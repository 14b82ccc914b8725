from django.shortcuts import get_object_or_404, render

from cases.models import Case
from challenges.kinds import CHALLENGE
from challenges.models import Challenge
from collabkb import facets
from collabkb.exchange import downloads
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

    if downloads.wanted(request) == "json":
        return preview(
            challenge,
            downloads.json_response(
                downloads.record_data(challenge, request), challenge.slug, attachment=False
            ),
        )
    practices = challenge.addressed_by.all()
    through_practices = (
        Case.objects.published()
        .filter(exemplifies__in=[p.pk for p in practices])
        .exclude(pk__in=[c.pk for c in challenge.faced_by.all()])
        .distinct()
        .order_by("title_sort")
    )
    return preview(
        challenge,
        render(
            request,
            "challenges/detail.html",
            {
                "record": challenge,
                "practices": practices,
                "cases_faced": challenge.faced_by.all(),
                "cases_through_practices": through_practices,
            },
        ),
    )
