"""What the page of a case or an organisation shows besides its own row and
its citations: a case's places, project examples and participants; an
organisation's tags and cases.

For the published records it is read in a few queries, whatever their
number, and kept while the content version stays the same
(``kept_for_published``): a write shows on the next request. A curator's
preview of an unpublished record reads its own.
"""

from collections import defaultdict
from typing import NamedTuple

from cases.kinds import ORGANISATION
from cases.models import Case, Organisation, Participation, ProjectExample, Sector
from collabkb.maps.graph import tags_by_pk
from collabkb.records import kept_for_published


class Participant(NamedTuple):
    title: str
    url: str
    sector: str  # as a reader reads it: "Public sector"
    country: str
    role: str


class Example(NamedTuple):
    title: str
    summary: str


class Facts(NamedTuple):
    places: tuple = ()  # names, by country and name
    examples: tuple = ()  # Example, in the source's order
    participants: tuple = ()  # Participant, published organisations by title


def _read(cases):
    """{case pk: Facts} of ``cases`` (a queryset): three queries."""
    places, examples, participants = defaultdict(list), defaultdict(list), defaultdict(list)
    through = Case.places.through.objects.filter(case__in=cases)
    rows = through.order_by("place__country", "place__name", "place__pk")
    for pk, name in rows.values_list("case_id", "place__name"):
        places[pk].append(name)
    rows = ProjectExample.objects.filter(case__in=cases).order_by("position", "slug")
    for pk, title, summary in rows.values_list("case_id", "title", "summary"):
        examples[pk].append(Example(title, summary))
    sectors = dict(Sector.choices)
    rows = Participation.objects.filter(case__in=cases, organisation__status="published")
    rows = rows.order_by("organisation__title", "organisation__pk").values_list(
        "case_id",
        "organisation__title",
        "organisation__slug",
        "organisation__sector",
        "organisation__country",
        "role",
    )
    for pk, title, slug, sector, country, role in rows:
        url = Organisation(slug=slug).get_absolute_url()
        participants[pk].append(Participant(title, url, sectors.get(sector, sector), country, role))
    return {
        pk: Facts(tuple(places[pk]), tuple(examples[pk]), tuple(participants[pk]))
        for pk in places.keys() | examples.keys() | participants.keys()
    }


of = kept_for_published(Case, _read)  # of(case, Facts()): ``case``'s Facts


class Part(NamedTuple):
    """A case an organisation takes part in."""

    title: str
    url: str
    role: str


class OrganisationFacts(NamedTuple):
    tags: tuple = ()  # Tag, in the order they were given
    cases: tuple = ()  # Part, published cases by title


def _read_organisations(organisations):
    """{organisation pk: OrganisationFacts} of ``organisations`` (a queryset): two queries."""
    tags, cases = tags_by_pk(ORGANISATION, organisations), defaultdict(list)
    rows = Participation.objects.filter(organisation__in=organisations, case__status="published")
    rows = rows.order_by("case__title", "case__pk")
    for pk, title, slug, role in rows.values_list(
        "organisation_id", "case__title", "case__slug", "role"
    ):
        cases[pk].append(Part(title, Case(slug=slug).get_absolute_url(), role))
    return {
        pk: OrganisationFacts(tags.get(pk, ()), tuple(cases[pk]))
        for pk in tags.keys() | cases.keys()
    }


# of_organisation(organisation, OrganisationFacts())
of_organisation = kept_for_published(Organisation, _read_organisations)
