"""What the page of a case or an organisation shows besides its own row, its
tags and its citations: a case's places, project examples and participants
(and their sectors, for its fact panel); an organisation's cases. Read for
one record at a time, a published one or a curator's preview of a draft
alike, in one query each (the lists bounded by what the page shows, with
their counts: ``collabkb.published``); the sectors from the case's row."""

from typing import NamedTuple

from django.utils.safestring import mark_safe

from cases.models import SECTOR_BITS, Case, Organisation, Participation, ProjectExample, Sector
from collabkb import prepared
from collabkb.links import address_of
from collabkb.published.nodes import first_rows_query
from collabkb.text.repeated import Partial


class Participant(NamedTuple):
    title: str
    url: str
    sector: str  # as a reader reads it: "Public sector"
    country: str
    role: str
    status: str = "published"  # a draft case's preview shows its unpublished ones too


class Example(NamedTuple):
    title: str
    summary: str


class PlaceName(NamedTuple):
    """A case's place: its name (what it prints as) and its country."""

    name: str
    country: str

    def __str__(self):
        return self.name


def places(case):
    """``case``'s places, by country and name, as PlaceNames."""
    return [PlaceName(*row) for row in prepared.rows(_places_query, (case.pk,))]


def _places_query(pk):
    rows = Case(pk=pk).places.order_by("country", "name", "pk")
    return rows.values_list("name", "country")


def examples(case):
    """``case``'s project examples, in the source's order."""
    return [Example(*row) for row in prepared.rows(_examples_query, (case.pk,))]


def _examples_query(pk):
    rows = ProjectExample.objects.filter(case_id=pk).order_by("position", "slug")
    return rows.values_list("title", "summary")


def participants(case, limit=None):
    """The first ``limit`` (all if None) published organisations taking part
    in ``case``, by title, as Participants; and how many there are. The
    preview of an unpublished case (a curator's) shows its unpublished
    organisations too: they are published with it."""
    query = _participants_query if case.is_published else _all_participants_query
    found, count = _first(prepared.rows(query, (case.pk,), (limit,)))
    sectors = dict(Sector.choices)
    address = address_of(Organisation)
    shown = []
    for title, slug, sector, country, role, status in found:
        shown.append(
            Participant(title, address(slug), sectors.get(sector, sector), country, role, status)
        )
    return shown, count


def sectors(case, participants):
    """The sectors of ``case``'s participants as a reader reads them, in the
    order of ``Sector``: a published case's from its stored figure (all its
    published participants, however many the page lists); a preview's from
    the ``participants`` it lists (the figure counts published cases only).
    No query."""
    if case.is_published:
        return [label for value, label in Sector.choices if case.sector_mask & SECTOR_BITS[value]]
    listed = {participant.sector for participant in participants}
    return [label for _, label in Sector.choices if label in listed]


def participant_rows(participants):
    """Each of ``participants`` as a row of the case page's table
    (``cases/participant_row.html``, a ``collabkb.text.repeated.Partial``
    for each combination of what a row leaves out)."""
    row, found = {}, []
    for participant in participants:
        flags = (
            participant.status == "published",
            bool(participant.sector),
            bool(participant.country),
            bool(participant.role),
        )
        if flags not in row:
            names = ("published", "has_sector", "has_country", "has_role")
            row[flags] = Partial(
                "cases/participant_row.html",
                ("url", "title", "sector", "country", "role"),
                **dict(zip(names, flags, strict=True)),
            )
        filled = row[flags].fill(
            url=participant.url,
            title=participant.title,
            sector=participant.sector,
            country=participant.country,
            role=participant.role,
        )
        found.append(mark_safe(filled))
    return found


class Part(NamedTuple):
    """A case an organisation takes part in."""

    title: str
    url: str
    role: str


def cases_of(organisation, limit=None):
    """The first ``limit`` (all if None) published cases ``organisation``
    takes part in, by title, as Parts; and how many there are."""
    found, count = _first(prepared.rows(_cases_query, (organisation.pk,), (limit,)))
    address = address_of(Case)
    return [Part(title, address(slug), role) for title, slug, role in found], count


def _first(rows):
    """(rows without their last column, the count that column holds)."""
    return [row[:-1] for row in rows], (rows[0][-1] if rows else 0)


PARTICIPANT_FIELDS = (
    "organisation__title",
    "organisation__slug",
    "organisation__sector",
    "organisation__country",
    "role",
    "organisation__status",
)


def _participants_query(limit, pk):
    rows = Participation.objects.filter(case_id=pk, organisation__status="published")
    rows = rows.order_by("organisation__title", "organisation__pk")
    return first_rows_query(rows, PARTICIPANT_FIELDS, limit)


def _all_participants_query(limit, pk):
    rows = Participation.objects.filter(case_id=pk)
    rows = rows.order_by("organisation__title", "organisation__pk")
    return first_rows_query(rows, PARTICIPANT_FIELDS, limit)


def _cases_query(limit, pk):
    rows = Participation.objects.filter(organisation_id=pk, case__status="published")
    rows = rows.order_by("case__title", "case__pk")
    return first_rows_query(rows, ("case__title", "case__slug", "role"), limit)
