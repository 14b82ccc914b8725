"""Import a video-notes Markdown file as draft records with video citations."""

from django.core.management.base import BaseCommand, CommandError

from collabkb.exchange import author
from collabkb.exchange.notes_import import Refused, import_notes
from collabkb.text.notes import NotesFormatError


class Command(BaseCommand):
    help = (
        "Read a video-notes file (front matter with title and videoId, headings, "
        "bold bullets, yt-timestamp anchors) and create or update draft records "
        "with their video citations. Running it twice creates nothing new. It refuses "
        "to add citations to a published record, writing nothing, unless an editor "
        "runs it with --publish --user USERNAME."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source-url", default="", help="The video's URL, if not YouTube.")
        author.add_arguments(parser)

    def handle(self, *args, file, source_url="", user=None, publish=False, **options):
        user = author.import_user(user, publish)
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            report = import_notes(
                text,
                source_url=source_url,
                user=user,
                publish=publish,
                comment=f"Imported from {file}",
            )
        except NotesFormatError as error:
            raise CommandError(
                f"{file} is not video notes in the expected format: {error}. Nothing was written."
            ) from None
        except Refused as refused:
            raise CommandError(
                f"{file} was refused: {refused}. Nothing was written. An editor may import "
                "it with --publish --user USERNAME: each record changed is then recorded in "
                "its history as theirs."
            ) from None
        self.stdout.write(
            f"Records: {len(report.created)} created as drafts, {len(report.existing)} "
            f"already there. Citations: {report.citations_created} created, "
            f"{report.citations_existing} already there."
        )
        for record in report.created:
            self.stdout.write(f"  new draft {record._meta.verbose_name}: {record.slug}")
        for record in report.published:
            self.stdout.write(
                f"  published {record._meta.verbose_name} given citations: {record.slug}"
            )
