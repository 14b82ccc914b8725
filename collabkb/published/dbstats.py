"""Planner statistics, refreshed after a bulk load.

Without them SQLite joins a case list's facets organisation by case (a
nested loop over both tables), several times slower at ten times the
shipped content than once it knows the tables' sizes. PostgreSQL's
autovacuum gets there eventually; after a load we do it at once.
"""

from django.db import connections


def refresh_statistics(using="default"):
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
