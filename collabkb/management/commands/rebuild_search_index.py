from django.core.management.base import BaseCommand

from collabkb.search import index


class Command(BaseCommand):
    help = "Rewrite the search documents of every published record and quotation."

    def handle(self, *args, **options):
        n = index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {n} documents."))
