"""The case and organisation kinds: what shared code needs to know of them."""

from django.db.models import Count, Exists, F, OuterRef, Q, Window

from cases import scope
from cases.models import (
    Case,
    CaseCitation,
    Exemplifying,
    Facing,
    Organisation,
    OrganisationCitation,
    Participation,
    Place,
    ProjectExample,
    RelatedCase,
    Sector,
    TaggedCase,
    TaggedOrganisation,
)
from challenges.models import Challenge
from collabkb.kinds import Kind, NotesSection, SearchText, registry
from collabkb.published import facets
from collabkb.published.records import link_prefetch, linked, published_prefetch
from practices.models import Practice

PUBLISHED_PARTICIPANTS = {"organisations__status": "published"}


def case_facets():
    return [
        facets.Facet("kind", "Kind", "kind", labels=dict(Case.Kind.choices)),
        facets.Facet(
            "country",
            "Country of participants",
            "organisations__country",
            where=PUBLISHED_PARTICIPANTS,
        ),
        facets.Facet(
            "sector",
            "Sector of participants",
            "organisations__sector",
            labels=dict(Sector.choices),
            where=PUBLISHED_PARTICIPANTS,
        ),
        facets.Condition(
            "scope",
            "Scope",
            {
                scope.CROSS_BORDER: (scope.LABELS[scope.CROSS_BORDER], scope.across()),
                scope.DOMESTIC: (scope.LABELS[scope.DOMESTIC], scope.within()),
            },
        ),
        facets.Condition(
            "outcomes",
            "Outcomes",
            {
                "reported": ("Reported in the sources", ~Q(outcomes="")),
                "not-reported": ("Not reported in the sources", Q(outcomes="")),
            },
        ),
        facets.tag_facet(),
        facets.source_facet(),
    ]


def case_sorts():
    return [facets.by_title(), facets.by_evidence(), facets.by_updated()]


def organisation_facets():
    return [
        facets.Facet("sector", "Sector", "sector", labels=dict(Sector.choices), blank="Not stated"),
        facets.Facet("country", "Country", "country"),
        facets.tag_facet(),
        facets.source_facet(),
    ]


def organisation_sorts():
    """Each sort also gives the organisation's published cases: its card shows
    them (the stored figure of its evidence links: ``Kind.evidence_links``)."""
    cases = F("link_count")
    title, strongest, updated = facets.by_title(), facets.by_evidence(), facets.by_updated()
    most_cases = facets.Sort("cases", "most cases", ("-n_cases", "title"))
    for sort in (title, most_cases, strongest, updated):
        sort.annotate = {**sort.annotate, "n_cases": cases}
    return [title, most_cases, strongest, updated]


def case_search_text(case):
    body = [case.aims, case.areas_of_work, case.outcomes]
    body += [f"{e.title} {e.summary}" for e in case.examples.all()]
    body += [p.name for p in case.places.all()]
    found = []
    for organisation in case.organisations.all():
        if not organisation.is_published:
            continue
        body.append(organisation.title)
        if organisation.country:
            found.append(("country", organisation.country, organisation.country))
        if organisation.sector:
            found.append(("sector", organisation.sector, organisation.get_sector_display()))
    return SearchText(detail=f"Case · {case.get_kind_display()}", body=body, facets=found)


def case_download_prefetch(queryset):
    return queryset.prefetch_related(
        "places",
        published_prefetch("organisations", Organisation),
        link_prefetch(Case, "exemplifies"),
        link_prefetch(Case, "faced"),
    )


def case_data(case, related):
    return {
        "kind": case.get_kind_display(),
        "places": [place.name for place in related("places")],
        **linked("organisations", related("organisations"), basis=False),
        "founded_year": case.founded_year,
        "aims": case.aims,
        "areas_of_work": case.areas_of_work,
        "outcomes": case.outcomes,
        **linked("exemplifies", related("exemplifies", order=("series__slug", "number", "title"))),
        **linked("faced", related("faced")),
    }


def case_companions(records, everything):
    cases = records[Case]
    places = Place.objects.all() if everything else Place.objects.filter(cases__in=cases)
    if everything:
        participations = Participation.objects.all()
    else:
        # Two IN (subquery) filters make SQLite probe every (case, organisation)
        # pair; one IN and a correlated EXISTS read each participation once.
        organisations = records[Organisation].filter(pk=OuterRef("organisation_id"))
        participations = Participation.objects.filter(case__in=cases).filter(Exists(organisations))
    exemplifying, facing = Exemplifying.objects.all(), Facing.objects.all()
    related = RelatedCase.objects.all()
    if not everything:
        # A link goes with the records at both its ends.
        exemplifying = exemplifying.filter(case__in=cases, practice__in=records[Practice])
        facing = facing.filter(case__in=cases, challenge__in=records[Challenge])
        related = related.filter(from_case__in=cases, to_case__in=cases)
    return {
        Place: places.distinct(),
        Participation: participations,
        ProjectExample: ProjectExample.objects.filter(case__in=cases),
        Exemplifying: exemplifying,
        Facing: facing,
        RelatedCase: related,
    }


def case_kind_from_notes(title):
    """The kind of a case named in a ``###`` heading of video notes."""
    lowered = title.lower()
    if "challenge" in lowered or "prize" in lowered:
        kind = Case.Kind.PRIZE_CHALLENGE
    elif "collaborative" in lowered or "network" in lowered:
        kind = Case.Kind.CITY_NETWORK
    else:
        kind = Case.Kind.GOVERNMENT_PROGRAMME
    return {"kind": kind}


def organisation_search_text(organisation):
    detail = f"Organisation · {organisation.get_sector_display() or 'sector not stated'}"
    body = []
    if organisation.country:
        detail += f" · {organisation.country}"
        body.append(organisation.country)
    return SearchText(detail=detail, body=body)


def organisation_data(organisation, related):
    return {"sector": organisation.get_sector_display(), "country": organisation.country}


HOME_CASES = 6  # cases across borders on the home page


def across_borders():
    """The first published cross-border cases (``scope``'s one rule), by
    title, and how many there are: one query."""
    cases = list(
        Case.objects.published()
        .filter(scope.across())
        .annotate(total=Window(Count("pk")))
        .order_by("title_sort", "slug")[:HOME_CASES]
    )
    total = cases[0].total if cases else 0
    return ("Who has worked across borders?", cases, total, "explore:world_map")


CASE = Kind(
    model=Case,
    tagged=TaggedCase,
    name="cases",
    label="Case",
    label_plural="Cases",
    tagline="who has done it",
    index_url="cases:index",
    home_list=across_borders,
    evidence_links=("exemplifies", "faced"),
    facets=case_facets,
    sorts=case_sorts,
    search_prefetch=lambda qs: qs.prefetch_related("organisations", "examples", "places"),
    search_text=case_search_text,
    search_facets=(("country", "Country of participants"), ("sector", "Sector of participants")),
    download_prefetch=case_download_prefetch,
    data=case_data,
    # After organisations: its participations name them.
    export_rank=40,
    exported=(
        Place,
        Case,
        CaseCitation,
        Exemplifying,
        Facing,
        RelatedCase,
        TaggedCase,
        Participation,
        ProjectExample,
    ),
    # Exporting cases brings the organisations taking part in them.
    export_also=("organisations",),
    companions=case_companions,
    notes_sections=(
        NotesSection("example", case_kind_from_notes, per_subsection=True),
        NotesSection("approach", case_kind_from_notes, per_subsection=True),
    ),
    map_column=2,
    map_facet=("kind", "kind", Case.Kind.choices),
    # A case's new organisations go through review with it.
    reviewed_with=("organisations",),
)

ORGANISATION = Kind(
    model=Organisation,
    tagged=TaggedOrganisation,
    name="organisations",
    label="Organisation",
    label_plural="Organisations",
    tagline="who took part: universities, governments, companies and international bodies",
    index_url="cases:organisations",
    evidence_links=("cases",),
    facets=organisation_facets,
    sorts=organisation_sorts,
    search_text=organisation_search_text,
    data=organisation_data,
    export_rank=30,
    exported=(Organisation, OrganisationCitation, TaggedOrganisation),
)

registry.register(CASE, ORGANISATION)
