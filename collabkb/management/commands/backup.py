"""Write the whole database to one file (see docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (users, groups, records, history, review "
        "transitions, sessions, sign-in records) to FILE: pg_dump's custom format "
        "on PostgreSQL, SQLite's online backup on SQLite. The site may keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file to write (replaced if it exists).")

    def handle(self, *args, file, **options):
        try:
            backup(file)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was written: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {file}."))
