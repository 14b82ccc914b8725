from django.db.models import Count, Prefetch, Window
from django.shortcuts import get_object_or_404, render

from cases.kinds import CASE, ORGANISATION
from cases.models import Case, Organisation, Participation
from challenges.models import Challenge
from collabkb import facets
from collabkb.exchange import downloads
from collabkb.maps.graph import linked, tags_of
from collabkb.records import citations_of, citations_prefetch, preview, published_prefetch
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
    if downloads.wanted(request) == "json":
        case = get_object_or_404(
            Case.objects.visible_to(request.user).prefetch_related(
                "tags",
                "places",
                "examples",
                citations_prefetch(),
                _participations(),
                published_prefetch(
                    "exemplifies", Practice, order=("series__slug", "number", "title")
                ),
                published_prefetch("faced", Challenge),
                published_prefetch("related", Case),
            ),
            slug=slug,
        )
        return preview(
            case,
            downloads.json_response(
                downloads.record_data(case, request), case.slug, attachment=False
            ),
        )
    case = get_object_or_404(Case.objects.visible_to(request.user), slug=slug)
    # The first participants, each row with the count of all (a window
    # function): one query that reads at most PARTICIPANTS_SHOWN rows.
    participations = (
        _participations().queryset.filter(case=case).annotate(n_all=Window(Count("pk")))
    )
    if request.GET.get("participants") != "all":
        participations = participations[:PARTICIPANTS_SHOWN]
    shown = list(participations)
    return preview(
        case,
        render(
            request,
            "cases/detail.html",
            {
                "record": case,
                "tags": tags_of(case),
                "participations": shown,
                "n_participants": shown[0].n_all if shown else 0,
                "practices": linked(case, "exemplifies", in_sequence=True),
                "challenges": linked(case, "faced"),
                "related": linked(case, "related"),
                "citations": citations_of(case),
            },
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
        organisation,
        render(
            request,
            "cases/organisation.html",
            {"record": organisation, "tags": organisation.tags.all()},
        ),
    )
