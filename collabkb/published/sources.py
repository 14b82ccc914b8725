"""The cited places of a source, each with the records and quotations it shows.

A place is a second of a video or a (position, locator) of a report. An
outline shows every public place of its source, a timeline a page of its
moments (``MOMENTS_PER_PAGE``), each place with the first records and
quotations there (``RECORDS_PER_PLACE``, ``QUOTATIONS_PER_PLACE``) and how
many more there are; the place's own page (a moment, ``?place=``) shows them
all. A timeline or an outline reads the places, their first citation and
quotations from a few columns of the source's public citations (indexed),
then the citations shown; and each place's first records of every kind from
the stored ``CitingRecord`` rows (``citing.py``). A place's own page ranks
the published records citing it in the database, cut per place (a row
number over the place) and counted there.
"""

import operator
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.utils.text import slugify

from collabkb import prepared
from collabkb.kinds import registry
from collabkb.links import address_of
from collabkb.models import Citation, Source, Stance
from collabkb.published.citing import first_citing

# What a timeline or outline shows of each place; "more" links to the rest.
RECORDS_PER_PLACE = 12
QUOTATIONS_PER_PLACE = 6
MOMENTS_PER_PAGE = 100  # of a timeline: a page reads the citations of its seconds


class Cited(NamedTuple):
    """A published record citing a place, and how the place bears on it."""

    kind: str  # its kind's label: "Challenge"
    title: str
    url: str
    stance: str = Stance.SUPPORTS  # of its citation there (the least supporting, if several)
    summary: str = ""  # the record's, in our words


@dataclass
class Place:
    key: tuple  # (second,) of a video, (position, locator) of a report
    first: Citation  # its first citation by key: its address, time and locator
    records: list = field(default_factory=list)  # Cited: kinds in order, each by title
    record_count: int = 0  # of every published record citing it
    quotations: list = field(default_factory=list)  # its citations with a quotation, by key
    quotation_count: int = 0
    labels: list = field(default_factory=list)  # the notes' labels, sorted (of a video)
    needs_review: bool = False

    @property
    def more_records(self):
        """How many records citing it are not listed here."""
        return self.record_count - len(self.records)

    @property
    def more_quotations(self):
        return self.quotation_count - len(self.quotations)

    @property
    def more(self):
        """Only some of its records and quotations are here."""
        return self.more_records > 0 or self.more_quotations > 0


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


def _in_order(fields):
    """``fields`` of a place, as the document orders places: a report's
    locators of one position by their numbers ("Step 2" before "Step 10")."""
    return ["position", "locator_sort", "locator"] if "locator" in fields else list(fields)


def _read(source, at, whole):
    """The public places of ``source`` (those ``at`` a place, if given), in
    order: whole (two queries), or their first records and quotations (one
    more of each than a timeline shows, to say there are more: three)."""
    fields = _place_fields(source)
    places = {}
    if whole:
        citations, labels = _citations(source, fields, at), {}
    else:
        citations, labels = _first_citations(source, fields, at)
    for citation in citations:
        citation.source = source  # what its links and its video address read
        key = tuple(getattr(citation, name) for name in fields)
        place = places.get(key)
        if place is None:
            place = places[key] = Place(
                key,
                citation,
                quotation_count=citation.quotation_total,
                needs_review=bool(citation.doubted),
            )
        if citation.quotation:
            place.quotations.append(citation)
        if whole:
            place.labels.append(citation.timestamp_label)
    for key, place in places.items():
        place.labels = sorted(set(place.labels) | labels.get(key, set()))
    keep = None if whole else RECORDS_PER_PLACE  # a timeline or outline shows no more
    for key, cited, total in _citing(source, fields, at, whole, keep):
        if cited is not None:
            places[key].records.append(cited)
        places[key].record_count += total
    return list(places.values())


def _first_citations(source, fields, at):
    """(each public place of ``source``'s (``at`` some, if given) first
    citation and first quotations (one more than a timeline shows), by place
    and key, each with its place's ``quotation_total`` and whether any of its
    citations is ``doubted``; {place key: its notes' labels} of a video).

    Two queries: the few columns of every public citation of the source, in
    order (ranking them in the database cost three times as much), then the
    citations shown."""
    lookups, values = _at(at)
    shape = (tuple(fields), lookups)
    rows = prepared.rows(_public_places_query, (source.pk, *values), shape)
    chosen, figures, labels = [], {}, {}
    for pk, *key, is_quoted, doubted, label in rows:
        key = tuple(key)
        if key not in figures:
            figures[key] = [0, False]
            chosen.append(pk)
            labels[key] = set()
        counted = figures[key]
        if is_quoted:
            counted[0] += 1
            if counted[0] <= QUOTATIONS_PER_PLACE + 1 and chosen[-1] != pk:
                chosen.append(pk)
        counted[1] = counted[1] or doubted
        if source.is_video:
            labels[key].add(label)
    citations = prepared.records(Citation, _chosen_query, (chosen or [0],), (tuple(fields),))
    for citation in citations:
        key = tuple(getattr(citation, name) for name in fields)
        citation.quotation_total, citation.doubted = figures[key]
    return citations, labels


def _citations(source, fields, at):
    """Every public citation of ``source`` at a place (``at``), by key, each
    with the place's ``quotation_total`` and whether any of its citations is
    ``doubted``."""
    lookups, values = _at(at)
    extra = ("quotation_total", "doubted")
    given = (source.pk, *values)
    return prepared.records(Citation, _whole_query, given, (tuple(fields), lookups), extra=extra)


def _at(at):
    """(lookups, values) of the filter ``at`` on a source's citations, a
    range as its two ends (a prepared query's lists drop duplicates)."""
    lookups, values = [], []
    for lookup, value in at.items():
        if lookup.endswith("__range"):
            field = lookup.removesuffix("__range")
            lookups += [f"{field}__gte", f"{field}__lte"]
            values += list(value)
        else:
            lookups.append(lookup)
            values.append(value)
    return tuple(lookups), values


def _of_source(pk, lookups, values):
    """The citations of the source ``pk`` matching ``lookups`` with ``values``."""
    return Citation.objects.filter(source_id=pk, **dict(zip(lookups, values, strict=True)))


def _public_places_query(fields, lookups, pk, *values):
    quoted = ExpressionWrapper(~Q(quotation=""), output_field=BooleanField())
    return (
        public(_of_source(pk, lookups, values))
        .annotate(quoted=quoted)
        .order_by(*_in_order(fields), "key")
        .values_list("pk", *fields, "quoted", "needs_review", "timestamp_label")
    )


def _chosen_query(fields, pks):
    return Citation.objects.filter(pk__in=pks).order_by(*_in_order(fields), "key")


def _whole_query(fields, lookups, pk, *values):
    place = [F(name) for name in fields]
    quoted = ~Q(quotation="")
    rows = public(_of_source(pk, lookups, values)).annotate(
        quotation_total=Window(
            Sum(Case(When(quoted, then=Value(1)), default=Value(0))), partition_by=place
        ),
        doubted=Window(
            Max(Case(When(needs_review=True, then=Value(1)), default=Value(0))),
            partition_by=place,
        ),
    )
    return rows.order_by(*_in_order(fields), "key")


def _citing(source, fields, at, whole, keep=None):
    """(place key, Cited, how many) for the published records citing
    ``source`` (``at`` a place, if given): for each place, kinds in order,
    every record by title, or the first (one more than a timeline shows),
    the first of each kind counting them all; past the first ``keep`` of a
    place, None for the record (only its count matters). One query, from
    the source's citations (``_citing_sql``)."""
    kinds = list(registry)
    addresses = [address_of(kind.model) for kind in kinds]
    cited = {}  # (kind, slug, stance) -> Cited: a record cites several places
    kept = {}  # place key -> how many records of it were given
    rows = _citing_rows(source, fields, at, whole)
    for key, index, slug, shown_title, title, summary, total, stance in rows:
        if keep is not None:
            kept[key] = kept.get(key, 0) + 1
            if kept[key] > keep:
                yield key, None, total
                continue
        if (index, slug, stance) not in cited:
            label = kinds[index].label
            url = addresses[index](slug)
            cited[index, slug, stance] = Cited(label, shown_title or title, url, stance, summary)
        yield key, cited[index, slug, stance], total


def _citing_rows(source, fields, at, whole):
    """(place key, kind index, slug, shown_title, title, summary, how many of
    the kind cite the place, on its first record, else 0; the stance of its citation
    there, the least supporting if several), by place, kind and title: a
    place read whole ranks its citing records, a timeline or an outline
    reads the first of each place from the stored ``CitingRecord`` rows."""
    with connection.cursor() as cursor:
        if whole:
            cursor.execute(*_citing_sql(source, fields, at, whole))
        else:
            cursor.execute(*first_citing(source, fields, at, RECORDS_PER_PLACE + 1))
        rows = cursor.fetchall()
    if not whole:
        places = len(fields)
        rows.sort(key=lambda row: row[: places + 3])
        counted = set()
        for *key, index, _, _, slug, shown_title, title, summary, total, stance in rows:
            key = tuple(key)
            first = (key, index) not in counted
            counted.add((key, index))
            yield key, index, slug, shown_title, title, summary, total if first else 0, stance
        return
    seen = set()
    for *key, index, rank, from_last, slug, shown_title, title, summary, stance in rows:
        key = tuple(key)
        # A record citing a place twice: its first row, the least supporting.
        if (key, index, slug) in seen:
            continue
        seen.add((key, index, slug))
        total = rank + from_last - 1 if rank == 1 else 0
        yield key, index, slug, shown_title, title, summary, total, stance


def _citing_sql(source, fields, at, whole):
    """The SQL and parameters of ``_citing``'s query: for each kind, the
    published records citing the source's citations (those ``at`` a place),
    each with its kind's index, its place, its title and the stance of its
    citation there; then, per place
    and kind, its dense rank by title and id from the top and from the
    bottom (a record citing a place twice has one rank there, and the sum
    of the two, less one, is how many records of the kind cite the place),
    cut at one more than a timeline shows unless ``whole``.

    Written out rather than made by the ORM: it is one query for every
    kind, and costs a tenth of the ORM's making of four."""
    name = connection.ops.quote_name

    def column(model, field):
        return name(model._meta.get_field(field).column)

    place = [column(Citation, field) for field in fields]
    chosen = " AND ".join(f"{column(Citation, field)} = %s" for field in ["source", *at])
    citations = f"SELECT {column(Citation, 'id')} FROM {name(Citation._meta.db_table)}"
    parts, params = [], []
    for index, kind in enumerate(registry):
        record, through = kind.model, kind.model.citations.through
        parts.append(
            f"SELECT {', '.join(f'c.{p}' for p in place)}, {index} AS kind, "
            + ", ".join(
                f"r.{column(record, field)} AS {name(field)}"
                for field in ("slug", "shown_title", "title", "title_sort", "id")
            )
            # A moment's page shows its records' summaries; an outline's place does not.
            + (f", r.{column(record, 'summary')}" if source.is_video else ", ''")
            + f" AS {name('summary')}"
            + f", t.{column(through, 'stance')} AS {name('stance')}"
            + f" FROM {name(through._meta.db_table)} t"
            f" JOIN {name(Citation._meta.db_table)} c"
            f" ON c.{column(Citation, 'id')} = t.{column(through, 'citation')}"
            f" JOIN {name(record._meta.db_table)} r"
            f" ON r.{column(record, 'id')} = t.{column(through, kind.key)}"
            f" WHERE t.{column(through, 'citation')} IN ({citations} WHERE {chosen})"
            f" AND r.{column(record, 'status')} = %s"
        )
        params += [source.pk, *at.values(), "published"]
    partition = ", ".join([*place, "kind"])
    ranked = (
        f"SELECT {', '.join(place)}, kind, "
        f"DENSE_RANK() OVER (PARTITION BY {partition} "
        f"ORDER BY {name('title_sort')}, {name('id')}) AS rank, "
        f"DENSE_RANK() OVER (PARTITION BY {partition} "
        f"ORDER BY {name('title_sort')} DESC, {name('id')} DESC) AS from_last, "
        f"{name('slug')}, {name('shown_title')}, {name('title')}, {name('summary')}, "
        f"{name('stance')} "
        f"FROM ({' UNION ALL '.join(parts)}) cited"
    )
    cut = "" if whole else "WHERE rank <= %s "
    params += [] if whole else [RECORDS_PER_PLACE + 1]
    # Of a record citing a place twice, the least supporting stance first
    # ("argues-otherwise" < "qualifies" < "supports").
    order = f"{partition}, rank, {name('stance')}"
    return f"SELECT * FROM ({ranked}) ranked {cut}ORDER BY {order}", params


def public_sources():
    """The sources a published record cites, each found by its first public
    citation (``Source.objects.public()`` reads every published record's
    citations first)."""
    return Source.objects.filter(Exists(public(Citation.objects.filter(source=OuterRef("pk")))))


def public_source(slug):
    """The public source ``slug`` (one a published record cites), or None: one query."""
    return next(iter(prepared.records(Source, _public_source_query, (slug,))), None)


def _public_source_query(slug):
    return public_sources().filter(slug=slug).order_by("pk")[:1]


def places_of(source):
    """Every public place of ``source``, in order, as its outline shows them
    (``shown``): their first records and quotations."""
    return [shown(place) for place in _read(source, {}, whole=False)]


def timeline_page(source, number):
    """(the page ``number`` of the video ``source``'s timeline, as Django's
    ``get_page`` reads it: a ``Page`` of its moments' positions; the public
    moments on it, as the timeline shows them). Two queries before the
    page's own: how many moments, and the seconds of those on the page."""
    seconds = public(source.citations.all()).values_list("second", flat=True).distinct()
    page = Paginator(range(seconds.count()), MOMENTS_PER_PAGE).get_page(number)
    if not page.object_list:
        return page, []
    first, last = page.object_list[0], page.object_list[-1]
    shown_seconds = list(seconds.order_by("second")[first : last + 1])
    at = {"second__range": [shown_seconds[0], shown_seconds[-1]]}
    return page, [shown(place) for place in _read(source, at, whole=False)]


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
            at = {"position": position, "locator": locator}
            return next(iter(_read(source, at, whole=True)), None)
    return None


def moment_of(source, second):
    """(the place at ``second`` of a video, whole, or None; the second of the
    public moment before it, and after it, or None)."""
    found = _read(source, {"second": second}, whole=True)
    if not found:
        return None, None, None
    [(previous, following)] = prepared.rows(_around_query, (source.pk, second))
    return found[0], previous, following


def _around_query(pk, second):
    """(the second of the public moment before ``second``, and after it) of the video ``pk``."""
    moments = public(Citation.objects.filter(source_id=OuterRef("pk"))).values("second")
    before = moments.filter(second__lt=second).order_by("-second")[:1]
    after = moments.filter(second__gt=second).order_by("second")[:1]
    return Source.objects.filter(pk=pk).values_list(Subquery(before), Subquery(after))


def shown(place):
    """``place`` as a timeline or outline shows it: its first records and quotations."""
    return replace(
        place,
        records=place.records[:RECORDS_PER_PLACE],
        quotations=place.quotations[:QUOTATIONS_PER_PLACE],
    )
