from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from cases import facts as case_facts
from cases.kinds import CASE, ORGANISATION
from cases.models import Case, Organisation, Participation
from challenges.models import Challenge
from collabkb import facets
from collabkb.exchange import downloads
from collabkb.linklist import LINKS_SHOWN
from collabkb.maps.graph import linked, tags_of
from collabkb.records import citations_prefetch, depends_on_links, preview, published_prefetch
from practices.models import Practice


def index(request):
    records = Case.objects.published().prefetch_related("tags", "places")
    return facets.list_page(
        request, records, CASE.facets(), CASE.sorts(), "cases", "cases/index.html"
    )


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
        depends_on_links(case, "organisations")  # their names, as participants
        return preview(
            case,
            downloads.json_response(
                downloads.record_data(case, request), case.slug, attachment=False
            ),
        )
    case = get_object_or_404(Case.objects.visible_to(request.user), slug=slug)
    depends_on_links(case, "organisations")  # their names, as participants
    facts = case_facts.of(case, case_facts.Facts())
    participants = facts.participants
    if request.GET.get("participants") != "all":
        participants = participants[:LINKS_SHOWN]
    return preview(
        case,
        render(
            request,
            "cases/detail.html",
            {
                "record": case,
                "tags": tags_of(case),
                "places": facts.places,
                "examples": facts.examples,
                "participants": participants,
                "n_participants": len(facts.participants),
                "practices": linked(case, "exemplifies", in_sequence=True),
                "challenges": linked(case, "faced"),
                "related": linked(case, "related"),
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
    if downloads.wanted(request) == "json":
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
        depends_on_links(organisation, "cases")  # their titles
        return preview(
            organisation,
            downloads.json_response(
                downloads.record_data(organisation, request), organisation.slug, attachment=False
            ),
        )
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    depends_on_links(organisation, "cases")  # their titles
    facts = case_facts.of_organisation(organisation, case_facts.OrganisationFacts())
    cases = facts.cases
    if request.GET.get("cases") != "all":
        cases = cases[:LINKS_SHOWN]
    return preview(
        organisation,
        render(
            request,
            "cases/organisation.html",
            {
                "record": organisation,
                "tags": facts.tags,
                "cases": cases,
                "n_cases": len(facts.cases),
            },
        ),
    )
