"""Whole pages for readers, from a cache that is never stale.

Every anonymous GET (and HEAD) of a public page is kept whole in Django's
default cache, under its address and the *content version*. The content
version is a token in the state cache (settings.py: CACHES["state"], which
pages never crowd out), replaced on every write to the knowledge base (a save
or delete of any exported model, a change of its links): the next request
then misses and renders afresh, on every app server that shares the cache.
So a page is never served from before a write, and nothing has to find and
delete the pages a write touched. Losing the token (a cleared or failed
cache) only makes every page miss: a new one is made.

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
  everywhere, and public pages answer only GET and HEAD (405 otherwise).
- When several requests miss the same page at once, one renders it (a short
  lock in the cache) and the others wait briefly for it.

Responses that are private, set a cookie, stream, or are not 200 are not
kept. A cached response goes back out through the security and CSP
middleware like any other, so it carries the same headers; it has an ETag
and a Last-Modified (the time of the last write), so a browser's conditional
request gets a 304.

The cache may fail (Redis down or full, a full or read-only folder): then
pages render uncached, the failure is logged once, and a write that could not
replace the content version is made good as soon as the cache answers again.
"""

import contextlib
import functools
import hashlib
import threading
import time
import uuid
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib import auth
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from collabkb.web import cachefaults as faults
from collabkb.web import params, sessions

VERSION_KEY = "collabkb:content-version"
PAGE_TIMEOUT = 24 * 3600  # a page of an old version simply ages out
# A miss takes a lock for its page; other requests for it wait up to
# WAIT_SECONDS for the page to be stored, then render it themselves.
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05
ADMIN = "/admin/"
_state = threading.local()


def _new_version():
    return f"{time.time():.6f}-{uuid.uuid4().hex[:12]}"


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


def content_version():
    """The current content version; while the cache fails, one of this request alone."""
    version = None if faults.failing() else faults.get(VERSION_KEY, using=faults.STATE)
    if version is None and not faults.failing():
        faults.add(VERSION_KEY, _new_version(), None, using=faults.STATE)
        version = faults.get(VERSION_KEY, using=faults.STATE)
    if version is None:
        version = getattr(_state, "fallback", None) or _new_version()
    return version


def content_changed(**kwargs):
    """Signal receiver: the knowledge base changed, every cached page is old."""
    if getattr(_state, "deferred", False):
        _state.changed = True
        return
    _replace_version()
    # A reader may render between this write and its commit, read the data
    # from before it, and keep that page under the new version: the version
    # is replaced again once the write is committed.
    transaction.on_commit(_replace_version, using=kwargs.get("using"))


def _replace_version():
    _state.fallback = _new_version()
    # A cache that refuses writes (full) may still delete; one that answers
    # nothing is given a new version as soon as it answers again (_usable).
    if not faults.set(VERSION_KEY, _new_version(), None, using=faults.STATE):
        faults.delete(VERSION_KEY, using=faults.STATE)


def per_content_version(build):
    """``build()``, kept in the process (per thread) while the content version
    stays the same: derived data a page needs, rebuilt after any write."""
    memo = threading.local()

    @functools.wraps(build)
    def current():
        version = content_version()
        if getattr(memo, "version", None) != version:
            memo.value, memo.version = build(), version
        return memo.value

    return current


def kept_per_content_version(most):
    """A memo of values derived one key at a time (a record's drawing, its
    list of citations): ``get(key, make)`` gives ``make()``, made once per key
    and content version; at most ``most`` are kept per process (and thread),
    and all are forgotten when the content version changes."""
    kept = per_content_version(dict)

    def get(key, make):
        values = kept()
        if key not in values:
            if len(values) >= most:
                values.clear()
            values[key] = make()
        return values[key]

    return get


@contextlib.contextmanager
def one_change():
    """A bulk write (a load, an import) replaces the version once, at the end."""
    previous = getattr(_state, "deferred", False)
    _state.deferred, _state.changed = True, False
    try:
        yield
    finally:
        _state.deferred = previous
        if _state.changed and not previous:
            content_changed()


def connect(models):
    """Replace the content version on every write to ``models`` and their links."""
    for model in models:
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + "-del")
        for field in model._meta.many_to_many:
            through = getattr(field.remote_field, "through", None)
            if through is not None:
                m2m_changed.connect(
                    content_changed, sender=through, dispatch_uid=f"{uid}-{field.name}"
                )


def page_key(address, version):
    """The key of the page at ``address`` (normalised; with its host and
    scheme, which the page names in its canonical link)."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"collabkb:page:{code_version()}:{version}:{digest}"


def _usable():
    """Whether to use the cache for this request. After a failure, the first
    request that finds it answering again replaces the content version: a
    write during the failure may not have reached it."""
    if not faults.failing():
        return True
    if faults.due() and faults.set(VERSION_KEY, _new_version(), None, using=faults.STATE):
        faults.answered()
        return True
    return False


def _refused(request):
    """405 for TRACE anywhere, and for anything but GET and HEAD on public pages."""
    admin = request.path_info.startswith(ADMIN)
    if request.method == "TRACE" or (request.method not in ("GET", "HEAD") and not admin):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"] if admin else ["GET", "HEAD"])
    return None


def _normalise(request):
    """Keep only the query parameters the page reads (collabkb/web/params.py)."""
    request.GET = params.normalised(request.GET, params.url_name(request.path_info))
    request.META["QUERY_STRING"] = request.GET.urlencode()


def _session(request):
    """(staff, exists): whether the session cookie names the session of a
    signed-in, active staff member, and whether it names a session at all."""
    key = request.COOKIES[settings.SESSION_COOKIE_NAME]
    if not sessions.is_signed(key):
        return False, False  # made up: no query to find that out
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore(key)
    user = auth.get_user(SimpleNamespace(session=store))
    return user.is_active and user.is_staff, store.session_key is not None


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
    length = response.get("Content-Length", str(len(response.content)))
    response.content = b""
    response["Content-Length"] = length
    return response


class PageCacheMiddleware:
    """Serve readers' pages from the cache; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _state.fallback = _new_version()
        if refused := _refused(request):
            return refused
        if request.path_info.startswith(ADMIN):
            return self.get_response(request)
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
        version = content_version()
        if faults.failing():
            return self.get_response(request)
        key = page_key(request.build_absolute_uri(), version)
        response = faults.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        lock = key + ":rendering"
        if faults.add(lock, 1, LOCK_SECONDS):
            try:
                return self._render(request, key, version)
            finally:
                faults.delete(lock)
        # Another request renders this page: wait for it, unless it gives up.
        deadline = time.monotonic() + WAIT_SECONDS
        while not faults.failing() and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            response = faults.get(key)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
            if faults.get(lock) is None:
                break
        return self._render(request, key, version)

    def _render(self, request, key, version):
        response = self.get_response(request)
        if _cacheable_response(response):
            written = float(version.split("-", 1)[0])
            response["Last-Modified"] = http_date(written)
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            response["Content-Length"] = str(len(response.content))
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if faults.set(key, response, PAGE_TIMEOUT):
                response["X-Page-Cache"] = "miss"
        return response
