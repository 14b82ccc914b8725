"""Outages answered: a 503 while the database cannot be reached, and /healthz.

/healthz also says whether the cache answers; a cache that does not is no
outage (pages render uncached), so that is still a 200.

Django logs every server error (django.request, with its traceback) before
it calls ``server_error``; this view only decides what the reader sees. A
database that does not answer is an outage, not a bug: 503 with Retry-After,
in the site's layout (which needs no query). Connections are health-checked
(settings: CONN_HEALTH_CHECKS), so the first request after the database
returns succeeds.
"""

import sys
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from collabkb.web import cachefaults

RETRY_AFTER = "30"
HEALTH_KEY = "collabkb:healthz"


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers():
    """Whether the cache (pages and state) keeps and gives back a value now."""
    token = str(time.time())
    return all(
        cachefaults.set(HEALTH_KEY, token, 60, using=using)
        and cachefaults.get(HEALTH_KEY, using=using) == token
        for using in (cachefaults.PAGES, cachefaults.STATE)
    )


def _unavailable(body, content_type="text/html; charset=utf-8"):
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = RETRY_AFTER
    return response


def server_error(request):
    """handler500: a 503 page when the database is out of reach, else the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) and not _database_answers():
        return _unavailable(loader.render_to_string("503.html"))
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 when it does not;
    either way, whether the cache answers."""
    cache = (
        "the cache answers"
        if _cache_answers()
        else "the cache does not answer (pages served uncached)"
    )
    if _database_answers():
        return HttpResponse(f"ok: the database answers; {cache}\n", content_type="text/plain")
    return _unavailable(f"unavailable: the database does not answer; {cache}\n", "text/plain")
