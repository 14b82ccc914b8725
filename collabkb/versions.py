"""Versions of the content, per part of it, in the database.

A *tag* names a part of what readers see: one row ("practices.practice:12",
``tag(Practice, 12)``), every row of a model ("practices.practice",
``tag(Practice)``), anything at all (``ALL``), or the whole knowledge base at
once (``EVERYTHING``: a load, an import, a restore). Each tag has a version,
a row of ``ContentVersion``; a tag without a row has version 0.

A write bumps the tags of what it changed (``bump``), in its own
transaction: the new versions become visible exactly when its rows do, to
every app server (they read the same database), and nothing can cull them.
Every bump also bumps ``ALL``, under that row's lock, so versions grow in
the order writes commit. A version is at least the time of the write in
microseconds, so versions never repeat, even after a restore or a flush
took the table back.

While a page renders, what it reads declares the tags it depends on
(``depends_on``); the page cache (collabkb/web/pagecache.py) keeps a page with
the versions of its tags and serves it while they are unchanged. Code that
keeps something per version of the whole content (``content_version()``)
reads ``ALL`` once per request.
"""

import contextlib
import contextvars
import time

from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, Max, Q, Value, When

from collabkb import prepared
from collabkb.models.versions import ContentVersion

ALL = "all"  # bumped by every write: what a page depends on if it declares nothing
EVERYTHING = "everything"  # bumped when all of the content may have changed; every page has it
# Declared by a page that declares everything it shows (a record page): it
# then depends on its tags alone. Any other page depends on ALL, whatever
# its parts declared (a list's nodes say nothing of the records it leaves out).
COMPLETE = "complete"

_collected = contextvars.ContextVar("collabkb_depends_on", default=None)
_request_version = contextvars.ContextVar("collabkb_request_version", default=None)
_IN_REQUEST = object()


def tag(model, pk=None):
    """The tag of the row ``pk`` of ``model``, or with no pk, of all its rows."""
    label = model._meta.label_lower
    return label if pk is None else f"{label}:{pk}"


def depends_on(*tags):
    """Declare that the page being rendered shows what ``tags`` name.

    Called where pages read (collabkb/maps/graph.py, collabkb/published/records.py, the
    list pages); outside a render the page cache keeps, it does nothing."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def page_complete():
    """Declare that the page being rendered declares everything it shows."""
    depends_on(COMPLETE)


def page_tags(declared):
    """The tags a page depends on, from what it declared."""
    if COMPLETE in declared:
        return (declared - {COMPLETE}) or {ALL}
    return {ALL}


def collecting_now():
    """Whether a page being rendered for the page cache collects what it shows."""
    return _collected.get() is not None


def depends_on_rows(model, pks):
    """``depends_on`` the rows ``pks`` of ``model``."""
    depends_on(*(tag(model, pk) for pk in pks))


@contextlib.contextmanager
def collecting():
    """Collect the tags declared inside; yields the set they go into."""
    collected = set()
    token = _collected.set(collected)
    try:
        yield collected
    finally:
        _collected.reset(token)


def _table():
    return ContentVersion._meta.db_table


def bump(tags, using=None):
    """Give ``tags`` (and ``ALL``) a new version, in the current transaction.
    Returns the new version."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    table = connection.ops.quote_name(_table())
    greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    now = time.time_ns() // 1000
    others = sorted(set(tags) - {ALL})
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tag, version) VALUES (%s, %s) ON CONFLICT (tag) "
            f"DO UPDATE SET version = {greatest}({table}.version + 1, excluded.version) "
            "RETURNING version",
            [ALL, now],
        )
        version = cursor.fetchone()[0]
        for start in range(0, len(others), 500):
            chunk = others[start : start + 500]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (tag, version) VALUES {rows} ON CONFLICT (tag) "
                "DO UPDATE SET version = excluded.version",
                [value for name in chunk for value in (name, version)],
            )
    if _request_version.get() not in (None, _IN_REQUEST):
        _request_version.set(_IN_REQUEST)  # read it again in this request
    return version


def read(tags, using=None):
    """{tag: version} of ``tags``, 0 for a tag never bumped: one query."""
    tags = set(tags)
    found = dict.fromkeys(tags, 0)
    if tags:
        found.update(prepared.rows(_read_query, (sorted(tags),), (using or DEFAULT_DB_ALIAS,)))
    return found


def _read_query(using, tags):
    rows = ContentVersion.objects.using(using).filter(tag__in=tags)
    return rows.values_list("tag", "version")


def newest(tags, using=None):
    """(the newest version of ``tags`` but ``ALL``, the version of ``ALL``),
    0 for none: one query, one row, however many the tags. Every bump gives
    its tags a version above any before it (``ALL``'s, new), so a page's
    tags are unchanged exactly while their newest version is."""
    tags = sorted(set(tags) | {ALL})
    rows = prepared.rows(_newest_query, (tags,), (using or DEFAULT_DB_ALIAS,))
    found, whole = rows[0] if rows else (None, None)
    return found or 0, whole or 0


def _newest_query(using, tags):
    rows = ContentVersion.objects.using(using).filter(tag__in=tags).order_by()
    others = Max(Case(When(~Q(tag=ALL), then="version")))
    return (
        rows.annotate(one=Value(1))  # a constant: no grouping, one row
        .values("one")
        .annotate(newest=others, whole=Max(Case(When(tag=ALL, then="version"))))
        .values_list("newest", "whole")
    )


def content_version():
    """The version of the whole content (``ALL``): read once per request."""
    known = _request_version.get()
    if known is not None and known is not _IN_REQUEST:
        return known
    version = read([ALL])[ALL]
    if known is _IN_REQUEST:
        _request_version.set(version)
    return version


def known_for_request(version):
    """The page cache read ``ALL`` already for this request: keep it."""
    if _request_version.get() is not None:
        _request_version.set(version)


def _request_starts(**kwargs):
    _request_version.set(_IN_REQUEST)


def _request_ends(**kwargs):
    _request_version.set(None)


request_started.connect(_request_starts, dispatch_uid="collabkb-versions-start")
request_finished.connect(_request_ends, dispatch_uid="collabkb-versions-end")
