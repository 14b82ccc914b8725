from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cases.kinds import CASE, ORGANISATION
from cases.models import Case, Organisation, Participation
from challenges.models import Challenge
from collabkb import facets
from collabkb.exchange import downloads
from collabkb.records import citations_prefetch, preview, published_prefetch
from practices.models import Practice


def index(request):
    records = Case.objects.published().prefetch_related("tags", "places")
    return facets.list_page(
        request, records, CASE.facets(), CASE.sorts(), "cases", "cases/index.html"
    )


PARTICIPANTS_SHOWN = 20


def _participations():
    return Prefetch(
        "participations",
        queryset=Participation.objects.filter(organisation__status="published")
        .select_related("organisation")
        .order_by("organisation__title"),
    )


def detail(request, slug):
    every_participant = request.GET.get("participants") == "all"
    case = get_object_or_404(
        Case.objects.visible_to(request.user).prefetch_related(
            "tags",
            "places",
            "examples",
            citations_prefetch(),
            _participations(),
            published_prefetch("exemplifies", Practice, order=("series__slug", "number", "title")),
            published_prefetch("faced", Challenge),
            published_prefetch("related", Case),
        ),
        slug=slug,
    )

    if downloads.wanted(request) == "json":
        return preview(
            case,
            downloads.json_response(
                downloads.record_data(case, request), case.slug, attachment=False
            ),
        )
    participations = list(case.participations.all())
    shown = participations if every_participant else participations[:PARTICIPANTS_SHOWN]
    return preview(
        case,
        render(
            request,
            "cases/detail.html",
            {"record": case, "participations": shown, "n_participants": len(participations)},
        ),
    )


def organisations(request):
    records = Organisation.objects.published().prefetch_related("tags")
    return facets.list_page(
        request,
        records,
        ORGANISATION.facets(),
        ORGANISATION.sorts(),
        "organisations",
        "cases/organisations.html",
    )


def organisation(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).prefetch_related(
            "tags",
            citations_prefetch(),
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(case__status="published")
                .select_related("case")
                .order_by("case__title"),
            ),
        ),
        slug=slug,
    )

    if downloads.wanted(request) == "json":
        return preview(
            organisation,
            downloads.json_response(
                downloads.record_data(organisation, request), organisation.slug, attachment=False
            ),
        )
    return preview(
        organisation, render(request, "cases/organisation.html", {"record": organisation})
    )
