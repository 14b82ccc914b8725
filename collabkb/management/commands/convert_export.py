"""Convert an export made before links had a basis into the current shape."""

import json

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.convert import convert


class Command(BaseCommand):
    help = (
        "Read an export whose records list their links inside their own fields and "
        "write it with each link as an object of its own, not yet reviewed (our "
        "reading, no reason), ready for import_kb."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="The old export (JSON).")
        parser.add_argument("output", help="Where to write the converted file.")

    def handle(self, *args, input, output, **options):
        try:
            with open(input, encoding="utf-8-sig") as handle:
                objects = json.load(handle)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"Cannot read {input}: {error}") from None
        if not isinstance(objects, list):
            raise CommandError(f"{input} is not a JSON list of objects, as export_kb writes.")
        converted, moved = convert(objects)
        try:
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(converted, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from None
        if moved:
            self.stdout.write(
                f"Wrote {output}: {moved} link(s) taken out of their records, each now "
                "an object of its own with its basis not yet reviewed."
            )
        else:
            self.stdout.write(f"Wrote {output}: nothing to convert, it is already in this shape.")
