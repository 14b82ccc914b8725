"""Load the shipped knowledge base from fixtures/ into the database."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from collabkb.kinds import registry
from collabkb.models import Source
from collabkb.search.documents import SearchDocument

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def knowledge_base_is_empty():
    models = [Source, *(kind.model for kind in registry)]
    return not any(model.objects.exists() for model in models)


class Command(BaseCommand):
    help = "Load every fixture in fixtures/ (in one transaction) and index it for search."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds records.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and not knowledge_base_is_empty():
            self.stdout.write("The database already holds records: nothing loaded.")
            return
        files = sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"No fixture found in {FIXTURES_DIR}.")
        # The project's loaddata loads them all in one transaction and indexes them.
        call_command("loaddata", *files, verbosity=options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(files)} fixture file(s); indexed "
                f"{SearchDocument.objects.count()} documents."
            )
        )
