"""Calls to the cache that degrade instead of failing the request.

Two of Django's caches are used: ``PAGES`` ("default"), readers' pages
and what is derived per content version, which fills up and is culled or
evicted; and ``STATE`` ("state"), the content version and the rate-limit
counters, which pages never crowd out (settings.py: a folder of its own, or
the same Redis). Each call names the one it uses (``using``). Here both
count as one cache: they share a Redis or a parent folder, and a failure of
either is handled alike.

A cache that fails (Redis down, out of memory or unreachable; a full or
read-only cache folder) answers here like an empty cache that keeps nothing:
pages render uncached. The first failure is logged, once, and again only
after the cache has answered in between. While it fails, callers ask
``usable()`` at most once a second whether it answers again.
"""

import logging
import threading
import time

from django.core.cache import caches
from redis.exceptions import RedisError

ERRORS = (OSError, EOFError, RedisError)
RETRY_SECONDS = 1.0
PAGES, STATE = "default", "state"
log = logging.getLogger("collabkb.cache")

_lock = threading.Lock()
_failing = False  # in this process
_retry_at = 0.0


def failed(error):
    global _failing, _retry_at
    with _lock:
        first, _failing = not _failing, True
        _retry_at = time.monotonic() + RETRY_SECONDS
    if first:
        log.warning(
            "The cache fails (%s: %s): pages are served uncached until it answers again.",
            type(error).__name__,
            str(error).splitlines()[0] if str(error) else "",
        )


def answered():
    global _failing
    with _lock:
        was, _failing = _failing, False
    if was:
        log.info("The cache answers again: pages are served from it.")


def failing():
    return _failing


def due():
    """Whether a failing cache should be tried again now."""
    return time.monotonic() >= _retry_at


def get(key, default=None, using=PAGES):
    try:
        return caches[using].get(key, default)
    except ERRORS as error:
        failed(error)
        return default


def set(key, value, timeout, using=PAGES):
    try:
        caches[using].set(key, value, timeout)
        return True
    except ERRORS as error:
        failed(error)
        return False


def add(key, value, timeout, using=PAGES):
    try:
        return caches[using].add(key, value, timeout)
    except ERRORS as error:
        failed(error)
        return False


def delete(key, using=PAGES):
    try:
        caches[using].delete(key)
        return True
    except ERRORS as error:
        failed(error)
        return False
