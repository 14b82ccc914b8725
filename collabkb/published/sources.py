"""The cited places of a source, each with the records and quotations it shows.

A place is a second of a video or a (position, locator) of a report. The
public places a page shows, each with every citation there and every
published record citing it, are read in one query for the citations and one
per kind for the records: all of a source's for its timeline or outline, one
for a moment or one place of an outline.

A timeline or outline shows a few records and quotations of each place
(``shown``); the place's own page (a moment, ``?place=``) shows them all.
"""

import operator
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import NamedTuple

from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.text import slugify

from collabkb.kinds import registry
from collabkb.models import Citation, Source

# What a timeline or outline shows of each place; "more" links to the rest.
RECORDS_PER_PLACE = 12
QUOTATIONS_PER_PLACE = 6


class Cited(NamedTuple):
    """A published record citing a place."""

    kind: str  # its kind's label: "Challenge"
    title: str
    url: str


@dataclass
class Place:
    key: tuple  # (second,) of a video, (position, locator) of a report
    citations: list = field(default_factory=list)  # Citation, by key
    records: list = field(default_factory=list)  # Cited: kinds in order, each by title
    quotations: list = field(default_factory=list)  # the citations with a quotation
    quotation_count: int = 0
    labels: list = field(default_factory=list)  # the notes' labels, sorted
    needs_review: bool = False
    more: bool = False  # only some of its records and quotations are here

    @property
    def first(self):
        return self.citations[0]


def public(citations):
    """``citations`` (a queryset) less those no published record uses: for
    each citation, one indexed look-up per kind (``Citation.objects.public()``
    reads every published record's citations instead, for whole lists)."""
    used = [
        Exists(
            kind.model.citations.through.objects.filter(
                citation=OuterRef("pk"), **{f"{kind.key}__status": "published"}
            )
        )
        for kind in registry
    ]
    return citations.filter(reduce(operator.or_, used))


def _place_fields(source):
    return ["second"] if source.is_video else ["position", "locator"]


def _read(source, **at):
    """The public places of ``source`` (those ``at`` a place, if given),
    whole, in order: 1 + one query per kind."""
    fields = _place_fields(source)
    places = {}
    for citation in public(source.citations.all()).filter(**at).order_by(*fields, "key"):
        citation.source = source  # what its links and its video address read
        key = tuple(getattr(citation, name) for name in fields)
        place = places.get(key) or places.setdefault(key, Place(key))
        place.citations.append(citation)
        if citation.quotation:
            place.quotations.append(citation)
        place.needs_review = place.needs_review or citation.needs_review
    for place in places.values():
        place.quotation_count = len(place.quotations)
        place.labels = sorted({citation.timestamp_label for citation in place.citations})
    for kind in registry:
        seen = set()
        for key, cited in _citing(kind, source, fields, at):
            if (key, cited.url) not in seen:  # a record citing a place twice
                seen.add((key, cited.url))
                places[key].records.append(cited)
    return list(places.values())


def _citing(kind, source, fields, at):
    """(place key, Cited) for each published record of ``kind`` citing
    ``source`` (``at`` a place, if given), by title: one query."""
    through = kind.model.citations.through.objects.filter(
        **{f"{kind.key}__status": "published", "citation__source": source},
        **{f"citation__{name}": value for name, value in at.items()},
    )
    rows = through.order_by(f"{kind.key}__title_sort", f"{kind.key}__pk").values_list(
        f"{kind.key}__slug",
        f"{kind.key}__shown_title",
        f"{kind.key}__title",
        *(f"citation__{name}" for name in fields),
    )
    cited = {}  # slug -> Cited: a record cites several places
    for slug, shown_title, title, *key in rows:
        if slug not in cited:
            url = kind.model(slug=slug).get_absolute_url()
            cited[slug] = Cited(kind.label, shown_title or title, url)
        yield tuple(key), cited[slug]


def public_source(slug):
    """The public source ``slug`` (one a published record cites), or None: one query."""
    cited = public(Citation.objects.filter(source=OuterRef("pk")))
    return Source.objects.filter(Exists(cited), slug=slug).first()


def places_of(source):
    """Every public place of ``source``, whole, in order (its timeline or outline)."""
    return _read(source)


def place_at(source, anchor):
    """The public place of a report whose anchor is ``anchor``, whole, or None:
    one query for the places' names, and those of one place."""
    rows = (
        public(source.citations.all())
        .order_by("position", "locator")
        .values_list("position", "locator")
        .distinct()
    )
    for position, locator in rows:
        if slugify(locator) == anchor:
            return next(iter(_read(source, position=position, locator=locator)), None)
    return None


def moment_of(source, second):
    """(the place at ``second`` of a video, whole, or None; the second of the
    public moment before it, and after it, or None)."""
    found = _read(source, second=second)
    if not found:
        return None, None, None
    around = public(source.citations.all()).aggregate(
        previous=Max("second", filter=Q(second__lt=second)),
        following=Min("second", filter=Q(second__gt=second)),
    )
    return found[0], around["previous"], around["following"]


def shown(place):
    """``place`` as a timeline or outline shows it: its first records and quotations."""
    more = len(place.records) > RECORDS_PER_PLACE or place.quotation_count > QUOTATIONS_PER_PLACE
    if not more:
        return place
    return replace(
        place,
        records=place.records[:RECORDS_PER_PLACE],
        quotations=place.quotations[:QUOTATIONS_PER_PLACE],
        more=True,
    )
