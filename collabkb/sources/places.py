"""The cited places of a source, each with the records and quotations it shows.

A place is a second of a video or a (position, locator) of a report. All the
public places of a source, each with every citation there and every published
record citing it, are read in one query for the citations and one per kind
for the records, and kept while the content version stays the same
(``pagecache.per_content_version``), as the map's graph is: a write shows on
the next request. So are the public sources themselves: once read, a
timeline, an outline, a moment and one place of an outline make no query.

A timeline or outline shows a few records and quotations of each place
(``shown``); the place's own page (a moment, ``?place=``) shows them all.
"""

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from collabkb import pagecache
from collabkb.kinds import registry
from collabkb.models import Source

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


def _place_fields(source):
    return ["second"] if source.is_video else ["position", "locator"]


def _read(source):
    """Every public place of ``source``, whole, in order: 1 + one query per kind."""
    fields = _place_fields(source)
    places = {}
    for citation in source.citations.public().order_by(*fields, "key"):
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
        for key, cited in _citing(kind, source, fields):
            if (key, cited.url) not in seen:  # a record citing a place twice
                seen.add((key, cited.url))
                places[key].records.append(cited)
    return list(places.values())


def _citing(kind, source, fields):
    """(place key, Cited) for each published record of ``kind`` citing
    ``source``, by title: one query."""
    through = kind.model.citations.through.objects.filter(
        **{f"{kind.key}__status": "published", "citation__source": source}
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


_by_source = pagecache.per_content_version(dict)  # source pk -> [Place]
_public = pagecache.per_content_version(
    lambda: {source.slug: source for source in Source.objects.public()}
)


def public_source(slug):
    """The public source ``slug`` (one a published record cites), or None.
    Sources are few: the public ones are read once per content version."""
    return _public().get(slug)


def places_of(source):
    """Every public place of ``source``, whole, in order."""
    found = _by_source()
    if source.pk not in found:
        found[source.pk] = _read(source)
    return found[source.pk]


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
