"""Whole pages for readers, from a cache that is never stale.

Every anonymous GET of a public page is kept whole in Django's cache, under
its full address and the *content version*. The content version is a token
in the same cache, replaced on every write to the knowledge base (a save or
delete of any exported model, a change of its links): the next request then
misses and renders afresh, on every app server that shares the cache. So a
page is never served from before a write, and nothing has to find and delete
the pages a write touched.

Keys also carry the *code version*, a digest of the project's code, templates
and static files: after a deploy, pages are rendered by the new code, while
app servers running the same code still share their pages.

Requests with a session cookie (curators, previews) are never cached, nor
are responses that are private, set a cookie, stream, or are not 200. A
cached response goes back out through the security and CSP middleware like
any other, so it carries the same headers; it has an ETag and a
Last-Modified (the time of the last write), so a browser's conditional
request gets a 304.
"""

import contextlib
import functools
import hashlib
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "collabkb:content-version"
PAGE_TIMEOUT = 24 * 3600  # a page of an old version simply ages out
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
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY) or _new_version()
    return version


def content_changed(**kwargs):
    """Signal receiver: the knowledge base changed, every cached page is old."""
    if getattr(_state, "deferred", False):
        _state.changed = True
        return
    cache.set(VERSION_KEY, _new_version(), None)


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


def _cacheable_request(request):
    # Static files never get here: whitenoise answers them first.
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(("/admin/", "/healthz"))
    )


def _cacheable_response(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        # "Vary: Cookie" (a page that asked who is reading) is fine: only
        # requests without a session cookie, all alike, are served from here.
    )


class PageCacheMiddleware:
    """Serve readers' pages from the cache; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        # The whole address: a page names its own host and scheme (canonical link).
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"collabkb:page:{code_version()}:{version}:{address}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            written = float(version.split("-", 1)[0])
            response["Last-Modified"] = http_date(written)
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            cache.set(key, response, PAGE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response
