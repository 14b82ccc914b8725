"""Write the knowledge base as a Django JSON fixture with natural keys."""

import sys

from django.core.management.base import BaseCommand

from collabkb.exchange.export import export, kind_names


class Command(BaseCommand):
    help = (
        "Export the knowledge base as a JSON fixture that loads with loaddata "
        "or import_kb into an empty database of either kind. The same database "
        "always gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--published-only", action="store_true", help="Leave out draft records."
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=kind_names(),
            help="Export only records of this kind (and what they need); repeatable.",
        )

    def handle(self, *args, output=None, published_only=False, kind=None, **options):
        text = export(kinds=kind, published_only=published_only)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            sys.stdout.write(text)
