"""Whole pages for readers, from a cache that is never stale.

Every anonymous GET (and HEAD) of a public page is kept whole in Django's
default cache, under its address, with the *versions of what it shows*
(collabkb/versions.py). While the page renders, what it reads declares the
tags it depends on (``versions.depends_on``: its record, the records it
links to, a kind for a list); a page that declares nothing depends on
``ALL``, which every write bumps, and every page depends on ``EVERYTHING``
(a load, an import, a restore). The entry keeps its tags and the newest of
their versions when the page was made; a request finds the entry and reads
the newest version of its tags now in one query (one row, however many the
tags: a bump gives a tag a version above every other), and serves it only
if that is unchanged. A write bumps the tags of what it changed (``refresh``, a listener
of collabkb/changes.py), in the database and in its own transaction: so
pages about other records stay cached, every app server sees the write when
it commits, and nothing a cache culls or evicts can make a page stale.

A reader that renders while a write is in progress reads the rows from
before it. So a miss reads ``ALL`` before it renders, and keeps the page
only if none of its tags was bumped after that: a page rendered across a
commit is served, not kept.

Keys also carry the *code version*, a digest of the project's code, templates
and static files: after a deploy, pages are rendered by the new code, while
app servers running the same code still share their pages.

What a stranger sends cannot switch the cache off (docs/page-cache.md):

- The address in the key keeps only the query parameters the page reads
  (collabkb/web/params.py), and the view sees only those.
- Cookies do not matter, except a session cookie of a signed-in, active staff
  member, which bypasses the cache (curators, previews). Any other session
  cookie is ignored; one that names no session is deleted in the answer.
  Session keys are signed (collabkb/web/sessions.py), so a made-up one is
  known without a query.
- HEAD is answered from the cache without the body; TRACE is refused
  everywhere, and public pages answer only GET and HEAD (405 otherwise),
  but for the readers' forms under ``FORMS``, whose POST goes to its view
  uncached (a suggestion of a correction, collabkb/corrections/).
- When several requests miss the same page at once, one renders it (a short
  lock in the cache) and the others wait briefly for it.

Responses that are private, set a cookie, stream, or are not 200 are not
kept. A cached response goes back out through the security and CSP
middleware like any other, so it carries the same headers; it has an ETag
and a Last-Modified (the time of the last write to what it shows), so a
browser's conditional request gets a 304.

A reader's page leaves compressed when the client asks (Brotli or gzip,
collabkb/web/compression.py), and the entry keeps the compressed bodies
instead of the plain one, so a hit compresses nothing.

The cache may fail (Redis down or full, a full or read-only folder): then
pages render uncached and the failure is logged once. The versions are in
the database, so pages kept before a failure are checked as any others when
the cache answers again.
"""

import functools
import hashlib
import time
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.contrib import auth
from django.db import DatabaseError
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from collabkb import changes, versions
from collabkb.kinds import registry
from collabkb.versions import ALL, EVERYTHING
from collabkb.web import cachefaults as faults
from collabkb.web import compression, params, sessions

PAGE_TIMEOUT = 24 * 3600  # a page whose versions changed simply ages out
# A miss takes a lock for its page; other requests for it wait up to
# WAIT_SECONDS for the page to be stored, then render it themselves.
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05
ADMIN = "/admin/"
# Public forms a reader sends (a POST), each refusing what it does not expect
# in its own view: GET and HEAD of them are cached as any page.
FORMS = ("/suggest/",)
PROBE_KEY = "collabkb:cache-answers"
MOST_TAGS = 1000  # a write that names more bumps EVERYTHING instead


class Entry(NamedTuple):
    """A kept page: the tags it depends on, the newest of their versions
    when it was kept, the response, and its body compressed in each encoding
    asked for so far ({"br": bytes, "gzip": bytes}; collabkb/web/compression.py).
    A response with compressed bodies is kept without its plain body."""

    tags: tuple
    newest: int
    response: object
    bodies: dict

    @classmethod
    def of(cls, current, response, bodies=None):
        """The entry of ``response`` rendered under ``current`` ({tag: version})."""
        return cls(tuple(sorted(current)), max(current.values()), response, dict(bodies or {}))

    def fresh(self, newest, whole):
        """Whether none of its tags changed, given ``versions.newest(self.tags)``."""
        return max(newest, whole if ALL in self.tags else 0) == self.newest


@functools.cache
def code_version():
    """A digest of what renders the pages: the project's Python, templates and static files."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    folders = [
        folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and folder.name not in _NOT_CODE and not folder.name.startswith(".")
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in _CODE and path.is_file():
                relative = path.relative_to(root).as_posix()
                digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


_CODE = {".py", ".html", ".md", ".txt", ".json", ".css", ".js", ".svg"}
_NOT_CODE = {".venv", "node_modules", "var", "staticfiles", "tests", "bench", ".git", "fixtures"}


def changed_tags(changed):
    """The tags a change bumps: each row changed and its model, the records
    it shows on (collabkb.changes.records) and what those point to (a
    practice's series: the steps around it show it)."""
    from collabkb.exchange.export import exported_models

    shown = changes.records(changed)
    if shown is None:
        return {ALL, EVERYTHING}
    exported = set(exported_models())
    tags = set()
    for model, pks in [*changed.items(), *shown.items()]:
        tags.update(versions.tag(model, pk) for pk in pks)
    for model, pks in shown.items():
        parents = [
            field
            for field in model._meta.concrete_fields
            if field.many_to_one
            and field.related_model in exported
            and not registry.for_model(field.related_model)
        ]
        if parents and pks:
            rows = model._base_manager.filter(pk__in=pks)
            for row in rows.values_list(*(field.attname for field in parents)):
                tags.update(
                    versions.tag(field.related_model, pk)
                    for field, pk in zip(parents, row, strict=True)
                    if pk is not None
                )
    if len(tags) > MOST_TAGS:
        return {ALL, EVERYTHING}
    return tags


def refresh(changed):
    """A listener of collabkb.changes, at the write: bump what it changed."""
    versions.bump(changed_tags(changed))


def page_key(address):
    """The key of the page at ``address`` (normalised; with its host and
    scheme, which the page names in its canonical link)."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"collabkb:page:{code_version()}:{digest}"


def _usable():
    """Whether to use the cache for this request: after a failure, at most
    once a second a request tries whether it answers again."""
    if not faults.failing():
        return True
    if faults.due() and faults.set(PROBE_KEY, 1, 60, using=faults.STATE):
        faults.answered()
        return True
    return False


def _refused(request):
    """405 for TRACE anywhere, and for anything but GET and HEAD on public
    pages (and POST on a reader's form)."""
    admin = request.path_info.startswith(ADMIN)
    form = request.path_info.startswith(FORMS)
    public = ("GET", "HEAD", "POST") if form else ("GET", "HEAD")
    if request.method == "TRACE" or (request.method not in public and not admin):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"] if admin else public)
    return None


def _normalise(request):
    """Keep only the query parameters the page reads (collabkb/web/params.py)."""
    request.GET = params.normalised(request.GET, params.url_name(request.path_info))
    request.META["QUERY_STRING"] = request.GET.urlencode()


def _session(request):
    """(staff, exists): whether the session cookie names the session of a
    signed-in, active staff member, and whether it names a session at all.
    A staff member's session and user are kept on the request, for the
    session and authentication middleware not to read them again."""
    key = request.COOKIES[settings.SESSION_COOKIE_NAME]
    if not sessions.is_signed(key):
        return False, False  # made up: no query to find that out
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore(key)
    user = auth.get_user(SimpleNamespace(session=store))
    staff = user.is_active and user.is_staff
    if staff:
        request.staff_session, request._cached_user = store, user
    return staff, store.session_key is not None


def _cacheable_response(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        # "Vary: Cookie" (a page that asked who is reading) is fine: every
        # request rendered here is a reader's, without a session.
    )


def _without_body(response):
    if response.streaming:  # a download by stream: its length is not known
        response.streaming_content = []
        return response
    length = response.get("Content-Length", str(len(response.content)))
    response.content = b""
    response["Content-Length"] = length
    return response


class PageCacheMiddleware:
    """Serve readers' pages from the cache; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if refused := _refused(request):
            return refused
        if request.path_info.startswith(ADMIN) or request.method == "POST":
            return self.get_response(request)  # the admin, or a reader's form sent
        _normalise(request)
        if request.path_info.startswith("/healthz"):
            return self.get_response(request)
        drop_cookie = False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            staff, exists = _session(request)
            if staff:
                return self.get_response(request)
            # Read as any reader; a cookie naming no session is deleted.
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if name != settings.SESSION_COOKIE_NAME
            }
            drop_cookie = not exists
        head = request.method == "HEAD"
        request.method = "GET"  # HEAD is a GET without the body
        try:
            response = self._page(request) if _usable() else self.get_response(request)
        finally:
            request.method = "HEAD" if head else "GET"
        response = compression.respond(request, response)  # unless kept compressed
        if head:
            response = _without_body(response)
        if drop_cookie:
            response.delete_cookie(
                settings.SESSION_COOKIE_NAME,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response

    def _page(self, request):
        key = page_key(request.build_absolute_uri())
        entry = faults.get(key)
        if faults.failing():
            return self.get_response(request)
        try:
            newest, whole = versions.newest(entry.tags if entry else (EVERYTHING,))
        except DatabaseError:
            # No versions to trust (the database is down, or not migrated):
            # the page renders uncached, and says what is wrong itself.
            return self.get_response(request)
        versions.known_for_request(whole)
        if entry is not None and entry.fresh(newest, whole):
            return _hit(request, key, entry)
        start = whole  # a tag bumped after this: the render may mix before and after
        lock = key + ":rendering"
        if faults.add(lock, 1, LOCK_SECONDS):
            try:
                return self._render(request, key, start)
            finally:
                faults.delete(lock)
        # Another request renders this page: wait for it, unless it gives up.
        deadline = time.monotonic() + WAIT_SECONDS
        while not faults.failing() and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            entry = faults.get(key)
            if entry is not None and entry.fresh(*versions.newest(entry.tags)):
                return _hit(request, key, entry)
            if faults.get(lock) is None:
                break
        return self._render(request, key, start)

    def _render(self, request, key, start):
        with versions.collecting() as declared:
            response = self.get_response(request)
        if _cacheable_response(response):
            current = versions.read([*versions.page_tags(declared), EVERYTHING])
            written = max(current.values()) / 1e6 or time.time()
            response["Last-Modified"] = http_date(min(written, time.time()))
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            response["Content-Length"] = str(len(response.content))
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            encoding = compression.wanted(request, response)
            # A page worth compressing is kept compressed only (in the
            # encoding asked for, else gzip): a hit sends the stored bytes.
            plain, bodies = response.content, {}
            if kept := encoding or (compression.compressible(request, response) and "gzip"):
                bodies[kept] = compression.compress(plain, kept)
                response.content = b""
            # Kept only if nothing it shows was written since the render began.
            stored = max(current.values()) <= start and faults.set(
                key, Entry.of(current, response, bodies), PAGE_TIMEOUT
            )
            response.content = plain
            if stored:
                response["X-Page-Cache"] = "miss"
            return compression.encoded(response, encoding, bodies)
        return response


def _hit(request, key, entry):
    response = entry.response
    # A page kept compressed was worth compressing: no need to ask again.
    encoding = compression.accepted(request) if entry.bodies else None
    if entry.bodies and encoding not in entry.bodies:
        plain = compression.decompress(entry.bodies)
        if encoding:
            # The first request in this encoding: compressed once, and kept.
            entry.bodies[encoding] = compression.compress(plain, encoding)
            faults.set(key, entry, PAGE_TIMEOUT)
        else:
            response.content = plain
    response["X-Page-Cache"] = "hit"
    return compression.encoded(response, encoding, entry.bodies)
