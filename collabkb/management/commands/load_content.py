"""Load the shipped knowledge base from fixtures/ into the database."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange import importer
from collabkb.exchange.review import knowledge_base_is_empty
from collabkb.models.search import SearchDocument

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ (in one transaction, validated as import_kb "
        "does) and index it for search."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds records.",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply the migrations first, in the same process (make load: one start fewer).",
        )

    def handle(self, *args, if_empty=False, migrate=False, **options):
        if migrate:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if if_empty and not knowledge_base_is_empty():
            self.stdout.write("The database already holds records: nothing loaded.")
            return
        files = sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"No fixture found in {FIXTURES_DIR}.")
        # import_kb's importer: whole-file validation, one transaction, batched
        # writes (a few times faster than loaddata), then the search index.
        data = importer.Parsed()
        for path in files:
            with open(path, encoding="utf-8-sig") as handle:
                try:
                    data.extend(importer.parse(handle))
                except importer.ImportRefused as refused:
                    raise CommandError(f"{path}: {'; '.join(refused.problems[:5])}") from None
        try:
            # The operator's load: what the fixtures hold is published as they say.
            importer.apply(data, comment="Loaded from the shipped fixtures", publish=True)
        except importer.ImportRefused as refused:
            raise CommandError(
                f"The fixtures were refused, nothing loaded: {'; '.join(refused.problems[:5])}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(files)} fixture file(s); indexed "
                f"{SearchDocument.objects.count()} documents."
            )
        )
