"""Rate limits per client address: sign-in POSTs, and expensive reads.

Limits, each a count per address in a fixed window of a minute, kept in
the state cache (CACHES["state"], which pages never crowd out: a flood of new
pages cannot forgive an address its count), with ``add`` then ``incr``:

* ``SIGNIN_POSTS_PER_MINUTE``: POSTs to a sign-in form. A wrong password costs
  a password hash (PBKDF2, a large part of a second of CPU); the limit answers
  before the view runs, so a flood of guesses over it hashes nothing.
* ``SIGNIN_POSTS_PER_USERNAME_PER_MINUTE``: sign-in POSTs naming one
  username, from any address: guesses at one account spread over many
  addresses. Over it the account's sign-ins wait for the next minute (they
  are never locked out for longer).
* ``SUGGESTIONS_PER_HOUR``: readers' suggestions of a correction
  (collabkb/corrections/), counted by their view in a window of an hour.
* ``EXPENSIVE_REQUESTS_PER_MINUTE``: a reader's GETs with a query string
  that the page cache did not answer: searches, plans, comparisons, the
  map's filters, list filters and sorts, downloads (``?format=``), every
  value a stranger may vary to make a page render. Requests without a query
  string are the plain pages the page cache keeps; signed-in staff (who
  bypass the cache) are not limited.

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

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render

from collabkb.web import cachefaults as faults
from collabkb.web.client import client_address

WINDOW = 60  # seconds
HOUR = 3600
SIGNIN_VIEWS = {"admin:login"}  # the view names of sign-in forms
log = logging.getLogger(__name__)
_memory = LocMemCache("collabkb-ratelimit", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_cache_failing = False


def _count(store, key, now, window=WINDOW):
    """This window's count for ``key`` after this request, and seconds left in it."""
    start = int(now // window) * window
    key = f"collabkb:rate:{key}:{start}"
    if store.add(key, 1, window + 5):
        count = 1
    else:
        try:
            count = store.incr(key)
        except ValueError:  # it expired between add and incr
            store.set(key, 1, window + 5)
            count = 1
    return count, start + window - now


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


def over_limit(request, name, limit, fallback=None, who=None, window=WINDOW):
    """Seconds to wait when this request is over ``limit`` a minute (or a
    ``window`` of seconds), else 0. Counted per client address, or per
    ``who`` when given."""
    if limit <= 0:
        return 0
    who = client_address(request) if who is None else who
    key = f"{name}:{hashlib.sha256(who.encode()).hexdigest()[:32]}"
    now = time.time()
    try:
        if faults.failing() and not faults.due():
            # The page cache found the cache failing a moment ago: do not
            # wait on it again for every request (a Redis that does not
            # answer costs its socket timeout).
            raise ConnectionError("the cache failed a moment ago")
        count, left = _count(caches[faults.STATE], key, now, window)
    except Exception as error:  # any fault of the cache's backend: Redis, the file system
        if isinstance(error, faults.ERRORS) and not faults.failing():
            faults.failed(error)  # the page cache then stops asking it too
        _cache_answers(False)
        if fallback is None:
            return 0
        count, left = _count(fallback, key, now, window)
    else:
        if _cache_failing:
            _cache_answers(True)
    return max(1, math.ceil(left)) if count > limit else 0


def suggestion_over_limit(request):
    """Seconds to wait for a reader's suggestion over ``SUGGESTIONS_PER_HOUR``
    from their address, else 0. While the cache fails they are counted per
    worker, as sign-in POSTs are: each one is a row for the editors."""
    limit = settings.SUGGESTIONS_PER_HOUR
    return over_limit(request, "suggest", limit, _memory, window=HOUR)


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


def _signin_over_limit(request):
    """Seconds to wait for a sign-in POST over a limit: per address, then per
    username (guesses at one account from many addresses), else 0."""
    by_address = over_limit(request, "signin", settings.SIGNIN_POSTS_PER_MINUTE, _memory)
    if by_address:
        return by_address
    username = request.POST.get("username", "").strip().lower()[:150]
    limit = settings.SIGNIN_POSTS_PER_USERNAME_PER_MINUTE
    return over_limit(request, "signin-user", limit, _memory, who=username) if username else 0


def _reader(request):
    """Not a signed-in staff member (curators browse uncached, unlimited)."""
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


class RateLimitMiddleware:
    """Answer 429 to an address over a limit; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method == "POST":
            if request.resolver_match.view_name in SIGNIN_VIEWS:
                if wait := _signin_over_limit(request):
                    return too_many(request, wait, signin=True)
            return None
        if request.GET and not request.path_info.startswith("/admin/") and _reader(request):
            limit = settings.EXPENSIVE_REQUESTS_PER_MINUTE
            if wait := over_limit(request, "read", limit):
                return too_many(request, wait, signin=False)
        return None
