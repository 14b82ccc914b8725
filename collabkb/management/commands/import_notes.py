"""Import a video-notes Markdown file as draft records with video citations."""

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange.notes_import import import_notes
from collabkb.text.notes import NotesFormatError


class Command(BaseCommand):
    help = (
        "Read a video-notes file (front matter with title and videoId, headings, "
        "bold bullets, yt-timestamp anchors) and create or update draft records "
        "with their video citations. Running it twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source-url", default="", help="The video's URL, if not YouTube.")

    def handle(self, *args, file, source_url="", **options):
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            report = import_notes(text, source_url=source_url)
        except NotesFormatError as error:
            raise CommandError(
                f"{file} is not video notes in the expected format: {error}. Nothing was written."
            ) from None
        self.stdout.write(
            f"Records: {len(report.created)} created as drafts, {len(report.existing)} "
            f"already there. Citations: {report.citations_created} created, "
            f"{report.citations_existing} already there."
        )
        for record in report.created:
            self.stdout.write(f"  new draft {record._meta.verbose_name}: {record.slug}")
