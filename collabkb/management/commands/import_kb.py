"""Import a fixture (as export_kb writes) into the knowledge base."""

import os

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange import author
from collabkb.exchange.importer import ImportRefused, apply, parse
from collabkb.exchange.review import PublishedChangeRefused

MAX_SIZE_MB = 100
SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = (
        "Validate the whole file, then create or update records by natural key "
        "in one transaction. Nothing is written if any problem is found. Into a "
        "knowledge base that holds records it changes nothing readers see: records it "
        "would publish wait in review, and a change to a published record is refused "
        "unless an editor runs it with --publish --user USERNAME."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--max-size",
            type=int,
            default=MAX_SIZE_MB,
            metavar="MB",
            help=f"Refuse a larger file (default {MAX_SIZE_MB} MB; the shipped fixture is "
            "under 1 MB).",
        )
        author.add_arguments(parser)

    def handle(
        self, *args, file, dry_run=False, max_size=MAX_SIZE_MB, user=None, publish=False, **options
    ):
        user = author.import_user(user, publish)
        try:
            size = os.path.getsize(file)
            if size > max_size * 1024 * 1024:
                raise CommandError(
                    f"{file} is {size / 1024 / 1024:.0f} MB, over the limit of {max_size} MB: "
                    "nothing was read. Raise the limit with --max-size if the file is meant "
                    "to be that large."
                )
            # Read an object at a time, not whole (see importer.parse).
            with open(file, encoding="utf-8-sig") as handle:
                data = parse(handle)
            report = apply(
                data, dry_run=dry_run, comment=f"Imported from {file}", user=user, publish=publish
            )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        except PublishedChangeRefused as refused:
            raise CommandError(
                f"{file} was refused: {refused}. The database is unchanged. An editor may "
                "import it with --publish --user USERNAME: each record changed is then "
                "recorded in its history as theirs, and its “Last updated” moves."
            ) from None
        except ImportRefused as refused:
            for problem in refused.problems[:SHOWN_PROBLEMS]:
                self.stderr.write(f"  - {problem}")
            if len(refused.problems) > SHOWN_PROBLEMS:
                self.stderr.write(
                    f"  … and {len(refused.problems) - SHOWN_PROBLEMS} more problem(s) "
                    "(the first are shown)."
                )
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
        for record in report.held:
            self.stdout.write(
                f"  in review (an editor publishes it): {record._meta.verbose_name} {record.slug}"
            )
        if options["verbosity"] > 1:
            for outcome in ("created", "updated", "unchanged"):
                for model, n in sorted(getattr(report, outcome).items()):
                    self.stdout.write(f"  {outcome} {model}: {n}")
