"""The records citing each place of a source (``CitingRecord``), stored for
the source's timeline and outline to read a few per place, by title, with
how many (``collabkb.published.sources``), however many records cite it.

A row for each published record and each distinct place it cites. ``update``
makes the rows of the records a refresh names again (None: every record):
a record written, published or withdrawn, retitled, given or denied a
citation, or citing a citation or source that changed.
"""

from django.db.models import Min

from collabkb import figures
from collabkb.kinds import registry
from collabkb.models import CitingRecord

BATCH = 2000  # rows written a time


def _rows(kind, pks):
    """The rows of ``kind``'s published records ``pks`` (None: all of them)."""
    through = kind.model.citations.through
    links = through.objects.filter(**{f"{kind.key}__status": "published"})
    if pks is not None:
        links = links.filter(**{f"{kind.key}_id__in": pks})
    places = (
        links.values_list(
            "citation__source_id",
            "citation__second",
            "citation__position",
            "citation__locator",
            f"{kind.key}_id",
            f"{kind.key}__title_sort",
        )
        .order_by()
        .annotate(stance=Min("stance"))  # the least supporting of a place's citations
    )
    for source, second, position, locator, record, title_sort, stance in places:
        yield CitingRecord(
            source_id=source,
            second=second,
            position=position,
            locator=locator,
            kind=kind.name,
            record_id=record,
            title_sort=title_sort,
            stance=stance,
        )


def _write(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            CitingRecord.objects.bulk_create(batch)
            batch = []
    CitingRecord.objects.bulk_create(batch)


@figures.register
def update(records):
    """Make the rows of ``records`` ({record model: pks}, or None: all) again."""
    for kind in registry:
        if records is None:
            CitingRecord.objects.filter(kind=kind.name).delete()
            _write(_rows(kind, None))
            continue
        for chunk in figures.chunks(records.get(kind.model, ())):
            CitingRecord.objects.filter(kind=kind.name, record_id__in=chunk).delete()
            _write(_rows(kind, chunk))
