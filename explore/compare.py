"""Compare up to four cases, or four practices, side by side.

``/compare/?kind=cases&slug=a&slug=b``: a column per record, a row per
aspect (kind, places, participants and their sectors, whether it works
across borders, aims, outcomes, links, evidence), and for the links what the
records share and where they differ.
Only published records; an unknown or unpublished slug, a fifth record or an
unknown kind gives the page with a message, never an error.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch
from django.shortcuts import render

from cases import scope
from cases.models import Case, Participation
from collabkb.models.claims import Basis
from collabkb.published.linklist import LINKS_SHOWN
from collabkb.published.links import places_of_links
from collabkb.published.records import citations_prefetch, link_prefetch, records_of_links
from collabkb.text.params import clean as clean_param
from collabkb.web.options import OptionList
from practices.models import Practice

MOST = 4
STATED = Basis.STATED


@dataclass
class Compared:
    """What the page compares: a kind of record and how to read its links."""

    name: str
    label_plural: str
    model: type
    links: tuple  # (attribute, heading)

    def records(self, slugs):
        """The published records of ``slugs`` with what the page shows of them, in
        the order asked: a query for them and one for each list they show."""
        queryset = self.model.objects.published().filter(slug__in=slugs)
        if self.model is Case:
            queryset = queryset.prefetch_related(
                "places",
                Prefetch(
                    "participations",
                    queryset=Participation.objects.filter(organisation__status="published")
                    .select_related("organisation")
                    .order_by("organisation__title_sort"),
                ),
                link_prefetch(Case, "exemplifies", places=False),
                link_prefetch(Case, "faced", places=False),
                citations_prefetch(),
            )
        else:
            queryset = queryset.select_related("series").prefetch_related(
                link_prefetch(Practice, "addresses", places=False),
                link_prefetch(Practice, "exemplified_by", places=False),
                citations_prefetch(),
            )
        found = {record.slug: record for record in queryset}
        return [found[slug] for slug in slugs if slug in found]

    def options(self):
        """The selects' options: (slug, title) of every published record, by
        title: one query through the (status, title_sort) index."""
        rows = self.model.objects.published().order_by("title_sort")
        return OptionList(rows.values_list("slug", "shown_title"))


KINDS = {
    "cases": Compared(
        "cases",
        "Cases",
        Case,
        (("exemplifies", "Practices it exemplifies"), ("faced", "Challenges it faced")),
    ),
    "practices": Compared(
        "practices",
        "Practices",
        Practice,
        (("addresses", "Challenges it addresses"), ("exemplified_by", "Cases that show it")),
    ),
}


class Linked(NamedTuple):
    """A record linked to one compared, with its link's basis, as
    ``partials/link_basis.html`` shows it, with the places stating it;
    ``basis`` is "" for a record shared by all, where ``stated_by_all``
    says whether a source states each of the links (the places and reasons
    are on each record's page)."""

    record: object
    basis: str = ""
    reason: str = ""
    stated_by: tuple = ()
    stated_by_all: bool = False


def _linked(model, records, attribute):
    """(shared by all, [each record's own]) of one kind of link, as Linked;
    each record's own with the places stating it (one query)."""
    sets = [
        {other.pk: other for other in records_of_links(r, attribute, places=False)} for r in records
    ]
    links = [other.link_pk for s in sets for other in s.values() if other.link_basis == STATED]
    places = places_of_links(model, attribute, links)
    shared_pks = set.intersection(*(set(s) for s in sets)) if sets else set()
    shared = sorted(
        (
            Linked(sets[0][pk], stated_by_all=all(s[pk].link_basis == STATED for s in sets))
            for pk in shared_pks
        ),
        key=lambda x: x.record.title_sort,
    )
    own = [
        sorted(
            (
                Linked(
                    other, other.link_basis, other.link_reason, tuple(places.get(other.link_pk, ()))
                )
                for pk, other in s.items()
                if pk not in shared_pks
            ),
            key=lambda x: x.record.title_sort,
        )
        for s in sets
    ]
    return shared, own


def _first(items, record, anchor):
    """The first of ``items`` (as many as a record page shows of a list), how
    many more, and where ``record``'s page lists them all."""
    return {
        "items": items[:LINKS_SHOWN],
        "more": max(0, len(items) - LINKS_SHOWN),
        "all_url": f"{record.get_absolute_url()}?{anchor}=all#{anchor}",
    }


def compare(request):
    kind = KINDS.get(request.GET.get("kind", "cases"))
    messages = []
    if kind is None:
        asked = clean_param(request.GET.get("kind"))[:40]
        messages.append(f"Only cases or practices can be compared, not “{asked}”.")
        kind = KINDS["cases"]
    asked = [clean_param(s)[:120] for s in request.GET.getlist("slug")]
    slugs = list(dict.fromkeys(s for s in asked if s))
    if len(slugs) > MOST:
        messages.append(f"At most {MOST} can be compared: the first {MOST} are shown.")
        slugs = slugs[:MOST]
    records = kind.records(slugs) if slugs else []
    missing = [s for s in slugs if s not in {r.slug for r in records}]
    for slug in missing:
        messages.append(f"No published {kind.name[:-1]} “{slug}”: left out.")
    links = []
    if len(records) > 1:
        for attribute, heading in kind.links:
            shared, own = _linked(kind.model, records, attribute)
            anchor = attribute.replace("_", "-")  # the list's id on a record's page
            links.append(
                {
                    "heading": heading,
                    "shared": shared,
                    "own": own,
                    "shared_shown": _first(shared, records[0], anchor),
                    "own_shown": [_first(o, r, anchor) for o, r in zip(own, records, strict=True)],
                }
            )
    organisations = [
        _first(list(r.participations.all()), r, "participants") if kind.model is Case else None
        for r in records
    ]
    scopes = [scope.label(r) for r in records] if kind.model is Case else []
    choices = kind.options()
    return render(
        request,
        "explore/compare.html",
        {
            "kind": kind,
            "kinds": KINDS.values(),
            "records": records,
            "links": links,
            "organisations": organisations,
            "scopes": scopes,
            "messages": messages,
            "selects": [
                choices.selecting(current)
                for current in [r.slug for r in records] + [""] * (MOST - len(records))
            ],
        },
    )
