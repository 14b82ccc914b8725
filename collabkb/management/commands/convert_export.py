"""Convert an export from before links had a basis and citations a stance into today's shape."""

import json

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.convert import convert


class Command(BaseCommand):
    help = (
        "Rewrite an older export (a record's links or citations as lists inside it) "
        "as export_kb writes today: each link and attachment a row of its own, with "
        "its defaults (a link: our reading, no reason; a citation: “supports”), to be "
        "reviewed. Then import the new file with import_kb."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="The older export.")
        parser.add_argument("output", help="Where to write the converted file.")

    def handle(self, *args, input, output, **options):
        try:
            with open(input, encoding="utf-8-sig") as handle:
                items = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {input}: {error}") from None
        if not isinstance(items, list) or not all(
            isinstance(item, dict) and isinstance(item.get("fields"), dict) for item in items
        ):
            raise CommandError(f"{input} is not an export: expected a JSON list of objects.")
        converted, written = convert(items)
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(converted, indent=2, ensure_ascii=False) + "\n")
        if not written:
            self.stdout.write(f"{input} is already in today's shape: written unchanged.")
            return
        rows = ", ".join(f"{count} {name}" for name, count in sorted(written.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: {rows}, each with its defaults (a link: our reading, "
                "no reason; a citation: the stance “supports”), not yet reviewed "
                "(review each one in the admin, then export)."
            )
        )
