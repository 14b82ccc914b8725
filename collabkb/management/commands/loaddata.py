"""Django's loaddata, as one change: what is derived from the content follows.

Django saves fixture rows one at a time and "raw"; the load runs in one
``changes.batch()``, so the stores derived from the content (search
documents, stored figures, the versions of cached pages) are brought up to
date once, at its end, in the same transaction as the load.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from collabkb import changes
from collabkb.models.search import SearchDocument
from collabkb.published.dbstats import refresh_statistics


class Command(loaddata.Command):
    help = loaddata.Command.help + " Then brings the search index up to date."

    def handle(self, *fixture_labels, **options):
        using = options.get("database")
        with transaction.atomic(using=using):
            with changes.batch():
                super().handle(*fixture_labels, **options)
            refresh_statistics(using or "default")
            documents = SearchDocument.objects.using(using or "default").count()
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"Indexed {documents} search documents.")
