from django.shortcuts import render

from cases import facts, scope
from cases.kinds import CASE, ORGANISATION
from cases.models import Case, Organisation
from collabkb.exchange import downloads
from collabkb.published import data, facets, record
from collabkb.published.linklist import shown
from collabkb.published.links import linked
from collabkb.published.records import depends_on_links, preview


def index(request):
    records = Case.objects.published().prefetch_related("tags", "places")
    return facets.list_page(
        request, records, CASE.facets(), CASE.sorts(), "cases", "cases/index.html"
    )


def detail(request, slug):
    case = record.find(Case, slug, request.user)
    depends_on_links(case, "organisations")  # their names, as participants
    if downloads.wanted(request) == "json":
        return preview(case, data.record_json(case, request))
    params = request.GET
    participants, n_participants = facts.participants(case, shown(params, "participants"))
    return preview(
        case,
        render(
            request,
            "cases/detail.html",
            {
                "record": case,
                "tags": record.tags_of(case),
                "places": facts.places(case),
                "examples": facts.examples(case),
                "participants": facts.participant_rows(participants),
                "n_participants": n_participants,
                "sectors": facts.sectors(case, participants),
                "scope": scope.LABELS.get(scope.of(case), ""),
                "practices": linked(
                    case, "exemplifies", shown(params, "exemplifies"), in_sequence=True
                ),
                "challenges": linked(case, "faced", shown(params, "faced")),
                "related": linked(case, "related", shown(params, "related")),
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
    organisation = record.find(Organisation, slug, request.user)
    depends_on_links(organisation, "cases")  # their titles
    if downloads.wanted(request) == "json":
        return preview(organisation, data.record_json(organisation, request))
    cases, n_cases = facts.cases_of(organisation, shown(request.GET, "cases"))
    return preview(
        organisation,
        render(
            request,
            "cases/organisation.html",
            {
                "record": organisation,
                "tags": record.tags_of(organisation),
                "cases": cases,
                "n_cases": n_cases,
            },
        ),
    )
