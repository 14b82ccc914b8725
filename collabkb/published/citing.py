"""The first published records citing each place of a source, by title, and
how many there are: read from the stored ``CitingRecord`` rows (kept by
``collabkb/figures/places.py``), a few index reads for each place and kind,
where ranking every citing record grew with the source."""

from django.db import connection

from collabkb.kinds import registry
from collabkb.models import CitingRecord


def first_citing(source, fields, at, first):
    """The SQL and parameters of the first ``first`` records of each kind
    citing each place of ``source`` (``fields``: a place's columns; ``at``:
    {} or {"second__range": [from, to]}), as rows of (*place, kind index,
    title_sort, record id, slug, shown_title, title, summary, how many of
    that kind cite the place, the stance of its citation there), in no order.
    A summary is read for a video's moments only (a timeline shows it; an
    outline does not): else it is empty.

    The places and kinds are counted from the index; each one's first
    records are read from it (a correlated ``LIMIT``), then joined to their
    kind's table, one kind at a time."""
    name = connection.ops.quote_name
    table = name(CitingRecord._meta.db_table)
    place = [name(field) for field in fields]
    chosen, params = "", [source.pk]
    if at:
        ((lookup, (start, end)),) = at.items()
        chosen = f" AND {name(lookup.split('__')[0])} BETWEEN %s AND %s"
        params += [start, end]
    groups = (
        f"SELECT {', '.join(place)}, kind, COUNT(*) AS total FROM {table}"
        f" WHERE source_id = %s{chosen} GROUP BY {', '.join(place)}, kind"
    )
    firsts = (
        f"SELECT {', '.join(f'g.{p}' for p in place)}, g.kind, g.total,"
        " x.title_sort, x.record_id, x.stance"
        f" FROM g JOIN {table} x ON x.id IN (SELECT z.id FROM {table} z WHERE z.source_id = %s AND "
        + " AND ".join(f"z.{p} = g.{p}" for p in place)
        + " AND z.kind = g.kind ORDER BY z.title_sort, z.record_id LIMIT %s)"
    )
    params += [source.pk, first]
    parts = []
    summary = f"r.{name('summary')}" if source.is_video else "''"
    for index, kind in enumerate(registry):
        parts.append(
            f"SELECT {', '.join(f'f.{p}' for p in place)}, {index}, f.title_sort, f.record_id,"
            f" r.{name('slug')}, r.{name('shown_title')}, r.{name('title')},"
            f" {summary}, f.total,"
            " f.stance"
            f" FROM f JOIN {name(kind.model._meta.db_table)} r ON r.id = f.record_id"
            " WHERE f.kind = %s"
        )
        params.append(kind.name)
    return f"WITH g AS ({groups}), f AS ({firsts}) {' UNION ALL '.join(parts)}", params
