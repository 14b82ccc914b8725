"""Write the knowledge base as a Django JSON fixture with natural keys."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.export import export, kind_names

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def _in_fixtures(output):
    """Whether ``output`` would land in fixtures/, which load_content ships."""
    return Path(output).resolve().parent == FIXTURES_DIR.resolve()


class Command(BaseCommand):
    help = (
        "Export the published knowledge base as a JSON fixture that loads with "
        "loaddata or import_kb into an empty database of either kind. The same "
        "database always gives the same bytes. This is data exchange, not a "
        "backup: see manage.py backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Export unpublished records too (never into fixtures/, which is shipped).",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="The default; kept so that older scripts still run.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=kind_names(),
            help="Export only records of this kind (and what they need); repeatable.",
        )

    def handle(self, *args, output=None, include_drafts=False, kind=None, **options):
        if include_drafts and output and _in_fixtures(output):
            raise CommandError(
                f"{output} is in {FIXTURES_DIR}, which is shipped and loaded into every new "
                "site: drafts are never written there. Nothing was written."
            )
        text = export(kinds=kind, published_only=not include_drafts)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            sys.stdout.write(text)
