"""Django's loaddata, then the search index rebuilt: loaded records are searchable.

Django saves fixture rows "raw", which sends no signal that indexing could act
on; this command suspends indexing while Django loads, then rewrites every
search document once, in the same transaction as the load.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from collabkb import pagecache
from collabkb.dbstats import refresh_statistics
from collabkb.search import index as search_index


class Command(loaddata.Command):
    help = loaddata.Command.help + " Then rebuilds the search index."

    def handle(self, *fixture_labels, **options):
        using = options.get("database")
        with pagecache.one_change(), transaction.atomic(using=using), search_index.suspended():
            super().handle(*fixture_labels, **options)
            documents = search_index.rebuild()
            refresh_statistics(using or "default")
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"Indexed {documents} search documents.")
