"""Load the shipped knowledge base from fixtures/ into the database."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Case
from challenges.models import Challenge
from collabkb.models import Source
from collabkb.search import index as search_index
from practices.models import Practice

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def knowledge_base_is_empty():
    return not any(model.objects.exists() for model in (Source, Challenge, Practice, Case))


class Command(BaseCommand):
    help = "Load every fixture in fixtures/ (in one transaction)."

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
        with transaction.atomic(), search_index.suspended():
            call_command("loaddata", *files, verbosity=options["verbosity"])
            documents = search_index.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(files)} fixture file(s); indexed {documents} documents."
            )
        )
