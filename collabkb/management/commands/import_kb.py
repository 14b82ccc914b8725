"""Import a fixture (as export_kb writes) into the knowledge base."""

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.importer import ImportRefused, apply, parse


class Command(BaseCommand):
    help = (
        "Validate the whole file, then create or update records by natural key "
        "in one transaction. Nothing is written if any problem is found."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            report = apply(parse(text), dry_run=dry_run)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(
                f"{file} was refused: {len(refused.problems)} problem(s) found; "
                "the database is unchanged."
            ) from None
        totals = report.totals()
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {totals['created']}, updated {totals['updated']}, "
            f"unchanged {totals['unchanged']}."
        )
        if options["verbosity"] > 1:
            for outcome in ("created", "updated", "unchanged"):
                for model, n in sorted(getattr(report, outcome).items()):
                    self.stdout.write(f"  {outcome} {model}: {n}")
