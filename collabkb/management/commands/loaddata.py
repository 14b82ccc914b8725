"""Django's loaddata, then the search index and the stored figures rebuilt.

Django saves fixture rows "raw", which indexing does not act on; this command
suspends indexing and the figures' upkeep while Django loads, then rewrites
every search document and every stored figure once, in the same transaction
as the load.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from collabkb import figures, pagecache
from collabkb.dbstats import refresh_statistics
from collabkb.search import index as search_index


class Command(loaddata.Command):
    help = loaddata.Command.help + " Then rebuilds the search index."

    def handle(self, *fixture_labels, **options):
        using = options.get("database")
        with (
            pagecache.one_change(),
            transaction.atomic(using=using),
            search_index.suspended(),
            figures.suspended(),
        ):
            super().handle(*fixture_labels, **options)
            documents = search_index.rebuild()
            figures.rebuild()
            refresh_statistics(using or "default")
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"Indexed {documents} search documents.")
