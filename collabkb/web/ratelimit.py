"""Rate limits per client address: sign-in POSTs, and expensive reads.

Two limits, each a count per address in a fixed window of a minute, kept in
the state cache (CACHES["state"], which pages never crowd out: a flood of new
pages cannot forgive an address its count), with ``add`` then ``incr``:

* ``SIGNIN_POSTS_PER_MINUTE``: POSTs to a sign-in form. A wrong password costs
  a password hash (PBKDF2, a large part of a second of CPU); the limit answers
  before the view runs, so a flood of guesses over it hashes nothing.
* ``EXPENSIVE_REQUESTS_PER_MINUTE``: GETs with a query string of the views
  marked ``@expensive`` (search, the planner, compare, the map's filters, the
  sitemap's pages), and every download (``?format=``). Requests without a
  query string are the plain pages the page cache serves.

The middleware acts just before the view (``process_view``): a page the page
cache serves never gets there and is never limited. Over the limit: 429, with Retry-After
(seconds to the end of the window) and a short page in the site's layout.
0 switches a limit off.

When the cache does not answer (Redis down, a read-only cache folder), reads
are let through (a limit is a guard, the pages are the service); sign-in
POSTs are counted in the worker's memory instead, so the CPU guard holds
(per worker: at most workers × limit a minute) and signing in still works.
Either is logged once, and again when the cache answers.
"""

import functools
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render

from collabkb import cachefaults as faults
from collabkb.web.client import client_address

WINDOW = 60  # seconds
SIGNIN_VIEWS = {"admin:login"}  # the view names of sign-in forms
log = logging.getLogger(__name__)
_memory = LocMemCache("collabkb-ratelimit", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_cache_failing = False


def expensive(view):
    """Mark a view whose requests with a query string cost a render each."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.expensive = True
    return wrapper


def _count(store, key, now):
    """This window's count for ``key`` after this request, and seconds left in it."""
    start = int(now // WINDOW) * WINDOW
    key = f"collabkb:rate:{key}:{start}"
    if store.add(key, 1, WINDOW + 5):
        count = 1
    else:
        try:
            count = store.incr(key)
        except ValueError:  # it expired between add and incr
            store.set(key, 1, WINDOW + 5)
            count = 1
    return count, start + WINDOW - now


def _cache_answers(answered):
    global _cache_failing
    if answered and _cache_failing:
        log.warning("Rate limits: the cache answers again; counting there.")
    elif not answered and not _cache_failing:
        log.warning(
            "Rate limits: the cache does not answer; reads are not limited and "
            "sign-in POSTs are counted per worker until it does.",
            exc_info=True,
        )
    _cache_failing = not answered


def over_limit(request, name, limit, fallback=None):
    """Seconds to wait when this request is over ``limit`` a minute, else 0."""
    if limit <= 0:
        return 0
    key = f"{name}:{client_address(request)}"
    now = time.time()
    try:
        if faults.failing() and not faults.due():
            # The page cache found the cache failing a moment ago: do not
            # wait on it again for every request (a Redis that does not
            # answer costs its socket timeout).
            raise ConnectionError("the cache failed a moment ago")
        count, left = _count(caches[faults.STATE], key, now)
    except Exception as error:  # any fault of the cache's backend: Redis, the file system
        if isinstance(error, faults.ERRORS) and not faults.failing():
            faults.failed(error)  # the page cache then stops asking it too
        _cache_answers(False)
        if fallback is None:
            return 0
        count, left = _count(fallback, key, now)
    else:
        if _cache_failing:
            _cache_answers(True)
    return max(1, math.ceil(left)) if count > limit else 0


def too_many(request, wait, signin):
    response = render(
        request,
        "429.html",
        {"wait": wait, "signin": signin},
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Answer 429 to an address over a limit; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method == "POST":
            if request.resolver_match.view_name in SIGNIN_VIEWS:
                limit = settings.SIGNIN_POSTS_PER_MINUTE
                if wait := over_limit(request, "signin", limit, fallback=_memory):
                    return too_many(request, wait, signin=True)
            return None
        if request.GET and (getattr(view, "expensive", False) or "format" in request.GET):
            limit = settings.EXPENSIVE_REQUESTS_PER_MINUTE
            if wait := over_limit(request, "read", limit):
                return too_many(request, wait, signin=False)
        return None
