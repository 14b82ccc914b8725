"""Delete sign-in records older than LOGIN_RECORDS_DAYS, and expired sessions."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete the records of sign-ins and failed sign-ins (address, user agent, "
        "username, time) older than LOGIN_RECORDS_DAYS days, then expired sessions "
        "(clearsessions). Run it daily; docs/privacy.md says why."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.LOGIN_RECORDS_DAYS,
            help="Keep this many days of records (default: LOGIN_RECORDS_DAYS, %(default)s).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            self.stderr.write("--days must be 1 or more.")
            raise SystemExit(2)
        before = timezone.now() - timedelta(days=days)
        for model in (AccessLog, AccessFailureLog, AccessAttempt):
            count, _ = model.objects.filter(attempt_time__lt=before).delete()
            name = model._meta.verbose_name_plural
            self.stdout.write(f"Deleted {count} {name} older than {days} days.")
        call_command("clearsessions")
        self.stdout.write(self.style.SUCCESS("Deleted expired sessions."))
