"""Delete the citations that no record uses (after edits left places behind)."""

import contextlib

import reversion
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from reversion.models import Revision

from collabkb.models import Citation

COMMENT = "remove_unused_citations deleted"


@contextlib.contextmanager
def _registered(model):
    """A revision holds only registered models; citations are registered for
    this command alone (their history is otherwise kept with the records)."""
    registered_here = not reversion.is_registered(model)
    if registered_here:
        reversion.register(model)
    try:
        yield
    finally:
        if registered_here:
            reversion.unregister(model)


class Command(BaseCommand):
    help = (
        "Delete every citation that no record of any kind or status cites, after "
        "asking. The admin lists them under the citation filter “used by records: "
        "unused”. What is deleted is kept in a revision (django-reversion)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them; delete nothing.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Delete without asking.",
        )
        parser.add_argument(
            "--recover",
            type=int,
            metavar="REVISION",
            help="Bring back the citations an earlier run deleted (it printed the number).",
        )

    def handle(self, *args, dry_run=False, interactive=True, recover=None, **options):
        if recover is not None:
            return self._recover(recover)
        unused = Citation.objects.unused().select_related("source").order_by("key")
        found = list(unused)
        for citation in found:
            self.stdout.write(f"  {citation.key}: {citation}")
        if not found:
            self.stdout.write("No unused citation: nothing to delete.")
            return
        if dry_run:
            self.stdout.write(f"Dry run: {len(found)} unused citation(s); nothing deleted.")
            return
        if interactive:
            answer = input(
                f"Delete these {len(found)} unused citation(s)? They are kept in a revision. "
                "Type 'yes' to delete: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was deleted.")
        with transaction.atomic():
            # Still unused now: a citation linked to a record while the
            # question waited stays. The rows are locked until the delete.
            found = list(
                Citation.objects.unused()
                .filter(pk__in=[c.pk for c in found])
                .select_for_update()
                .order_by("key")
            )
            if not found:
                self.stdout.write("Every one is in use now: nothing deleted.")
                return
            # A revision saves only rows that exist: it is made before the delete.
            with _registered(Citation), reversion.create_revision():
                reversion.set_comment(f"{COMMENT} {len(found)} citation(s)")
                for citation in found:
                    reversion.add_to_revision(citation)
            Citation.objects.filter(pk__in=[c.pk for c in found]).delete()
        revision = Revision.objects.filter(comment__startswith=COMMENT).latest("pk")
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {len(found)} unused citation(s). They are kept in revision "
                f"{revision.pk}; to bring them back: "
                f"manage.py remove_unused_citations --recover {revision.pk}"
            )
        )

    def _recover(self, number):
        revision = Revision.objects.filter(pk=number, comment__startswith=COMMENT).first()
        if revision is None:
            raise CommandError(f"Revision {number} is not one this command made: nothing done.")
        with _registered(Citation), transaction.atomic():
            revision.revert()
        self.stdout.write(
            self.style.SUCCESS(f"Recovered {revision.version_set.count()} citation(s).")
        )
