"""Make every stored figure again (collabkb.figures): after a bulk write that
sent no signals, or to check that nothing drifted."""

from django.core.management.base import BaseCommand
from django.db import transaction

from collabkb import figures
from collabkb.web import pagecache


class Command(BaseCommand):
    help = "Recompute the figures that span the knowledge base (evidence counts, profiles)."

    def handle(self, *args, **options):
        with pagecache.one_change(), transaction.atomic():
            figures.rebuild()
            pagecache.content_changed()
        self.stdout.write(self.style.SUCCESS("Stored figures rebuilt."))
