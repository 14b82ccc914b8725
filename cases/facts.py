"""What the page of a case or an organisation shows besides its own row, its
tags and its citations: a case's places, project examples and participants;
an organisation's cases. Read for one record at a time, a published one or a
curator's preview of a draft alike, in one query each (the lists bounded by
what the page shows, with their counts: ``collabkb.published``)."""

from typing import NamedTuple

from cases.models import Case, Organisation, Participation, ProjectExample, Sector
from collabkb.published.nodes import first_rows


class Participant(NamedTuple):
    title: str
    url: str
    sector: str  # as a reader reads it: "Public sector"
    country: str
    role: str


class Example(NamedTuple):
    title: str
    summary: str


def places(case):
    """The names of ``case``'s places, by country and name."""
    rows = case.places.order_by("country", "name", "pk")
    return [name for name in rows.values_list("name", flat=True)]


def examples(case):
    """``case``'s project examples, in the source's order."""
    rows = ProjectExample.objects.filter(case=case).order_by("position", "slug")
    return [Example(title, summary) for title, summary in rows.values_list("title", "summary")]


def participants(case, limit=None):
    """The first ``limit`` (all if None) published organisations taking part
    in ``case``, by title, as Participants; and how many there are."""
    rows = Participation.objects.filter(case=case, organisation__status="published")
    rows = rows.order_by("organisation__title", "organisation__pk")
    fields = ("organisation__title", "organisation__slug", "organisation__sector")
    found, count = first_rows(rows, (*fields, "organisation__country", "role"), limit)
    sectors = dict(Sector.choices)
    shown = []
    for title, slug, sector, country, role in found:
        url = Organisation(slug=slug).get_absolute_url()
        shown.append(Participant(title, url, sectors.get(sector, sector), country, role))
    return shown, count


class Part(NamedTuple):
    """A case an organisation takes part in."""

    title: str
    url: str
    role: str


def cases_of(organisation, limit=None):
    """The first ``limit`` (all if None) published cases ``organisation``
    takes part in, by title, as Parts; and how many there are."""
    rows = Participation.objects.filter(organisation=organisation, case__status="published")
    rows = rows.order_by("case__title", "case__pk")
    found, count = first_rows(rows, ("case__title", "case__slug", "role"), limit)
    parts = [Part(title, Case(slug=slug).get_absolute_url(), role) for title, slug, role in found]
    return parts, count
