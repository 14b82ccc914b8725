"""Restore a backup made by manage.py backup into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.backup import BackupError, holds_data, restore


class Command(BaseCommand):
    help = (
        "Restore FILE, written by manage.py backup, into this database. The "
        "database must be empty (new, or only migrated) unless --force is given, "
        "which replaces what it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that already holds data.",
        )

    def handle(self, *args, file, force=False, **options):
        held = holds_data()
        if held and not force:
            raise CommandError(
                f"This database is not empty (it holds {', '.join(held)}): nothing was "
                "restored. Restore into a new database, or give --force to replace "
                "its contents with the backup."
            )
        try:
            restore(file)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file}. Run manage.py migrate if the backup is older than this code."
            )
        )
