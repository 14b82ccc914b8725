"""Delete the citations that no record uses (after edits left places behind)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from collabkb.models import Citation


class Command(BaseCommand):
    help = (
        "Delete every citation that no record of any kind or status cites. "
        "The admin lists them under the citation filter “used by records: unused”."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        unused = Citation.objects.unused().select_related("source").order_by("key")
        found = list(unused)
        for citation in found:
            self.stdout.write(f"  {citation.key}: {citation}")
        if dry_run:
            self.stdout.write(f"Dry run: {len(found)} unused citation(s); nothing deleted.")
            return
        with transaction.atomic():
            Citation.objects.filter(pk__in=[c.pk for c in found]).delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {len(found)} unused citation(s)."))
