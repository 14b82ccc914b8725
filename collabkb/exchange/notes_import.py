"""Turning a video-notes file into draft records with their video citations.

The sections of the notes decide the kind of record: each registered kind
names the words of the ``##`` headings whose items are its records (its
``notes_sections``). Today: challenges → Challenge; success factors and the
future → Practice; examples and approaches → Case, one per ``###`` heading.

Every timestamp anchor becomes a citation (raw label, resolved second, review
flag); anchors outside those bullets and cases are kept as citations for a
curator to attach. New records are drafts, with the notes' text quoted in the
body for a curator to rewrite; existing records (same slug) keep their title,
text and status and gain any missing citation. Running it twice creates
nothing new.

It never changes what readers see unless an editor says so: a published
record that would gain a citation refuses the whole import (``Refused``,
nothing written) unless ``publish`` is given, and then each such record gets
a version by ``user`` ("Imported from FILE") and its "Last updated" moves. A
new source and its citations are public only through a published record.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from collabkb import changes
from collabkb.curation import shared
from collabkb.exchange import history
from collabkb.kinds import registry
from collabkb.models import Citation, Source, Status
from collabkb.text.notes import TO_REWRITE, NotesFormatError, parse_notes


class Refused(Exception):
    """The import would change published records; nothing was written."""

    def __init__(self, records):
        names = ", ".join(f"{r._meta.verbose_name} “{r}” ({r.slug})" for r in records)
        super().__init__(
            f"it would add citations to {len(records)} published record(s): {names}. "
            "Published records change only with an editor's consent"
        )
        self.records = records


@dataclass
class NotesReport:
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    citations_created: int = 0
    citations_existing: int = 0
    published: list = field(default_factory=list)  # published records given citations


def record_slug(title):
    words = title.strip()
    if words.lower().startswith("the "):
        words = words[4:]
    return slugify(words)[:120]


def _section_kind(heading):
    """(kind, section) of the registered kind whose records a heading lists.

    The words found first in the heading decide: “Success factors for
    overcoming challenges” lists success factors, not challenges.
    """
    lowered = heading.lower()
    found = [
        (lowered.find(section.words), kind, section)
        for kind in registry
        for section in kind.notes_sections
        if section.words in lowered
    ]
    if not found:
        return None, None
    _, kind, section = min(found, key=lambda item: item[0])
    return kind, section


def import_notes(text, source_url="", user=None, publish=False, comment="Imported notes"):
    """Import notes; raise NotesFormatError (nothing written) if not notes, and
    Refused (nothing written) if published records would change without
    ``publish``. New records and changed published ones get a version by
    ``user`` with ``comment``."""
    notes = parse_notes(text)
    if not any(_section_kind(block.section)[0] for block in notes.blocks):
        raise NotesFormatError(
            "no section of records found: expected '## …' headings about "
            "challenges, success factors, examples or the future, with '*   **Title**' bullets"
        )
    report = NotesReport()
    with transaction.atomic(), changes.batch():
        source = _source(notes, source_url)
        for block in notes.blocks:
            citations = [_citation(source, moment, report) for moment in block.moments]
            kind, section = _section_kind(block.section)
            if kind is None:
                continue
            if section.per_subsection:
                title = block.subsection
            else:
                title = block.title if block.is_bullet else ""
            if not title:
                continue
            record = _record(kind.model, title, block.text, section.fields(title), report, user)
            _cite(record, citations, report)
        if report.published and not publish:
            raise Refused(report.published)
        _record_versions(report, user, comment)
    return report


def _cite(record, citations, report):
    """Attach the citations ``record`` lacks; a published record so changed is noted."""
    had = set(record.citations.values_list("pk", flat=True))
    missing = [citation for citation in citations if citation.pk not in had]
    if not missing:
        return
    record.citations.add(*missing)
    if record.is_published and record not in report.published:
        report.published.append(record)


def _record_versions(report, user, comment):
    """A version of each new record, and of each published one that changed
    (its "Last updated" moves): one revision, by ``user``."""
    changed = {}
    for record in report.created:
        changed.setdefault(type(record), []).append(record.pk)
    published = {}
    for record in report.published:
        published.setdefault(type(record), []).append(record.pk)
    if published:
        shared.record_change(published, user, comment)
    if changed:
        history.record_versions(changed, comment, user=user, together=True)


def _source(notes, source_url):
    source = Source.objects.filter(kind=Source.Kind.VIDEO, video_id=notes.video_id).first()
    if source is None:
        source = Source(
            slug=slugify(notes.title)[:120],
            title=notes.title,
            kind=Source.Kind.VIDEO,
            video_id=notes.video_id,
            url=source_url or f"https://www.youtube.com/watch?v={notes.video_id}",
        )
        source.full_clean()
        source.save()
    return source


def _citation(source, moment, report):
    citation = Citation.objects.filter(source=source, timestamp_label=moment.label).first()
    if citation:
        report.citations_existing += 1
        return citation
    citation = Citation(
        key=f"{source.slug}-{moment.label.replace(':', '-')}"[:160],
        source=source,
        timestamp_label=moment.label,
        second=moment.second,
        needs_review=moment.needs_review,
    )
    citation.full_clean()
    citation.save()
    report.citations_created += 1
    return citation


def _record(model, title, notes_text, extra, report, user=None):
    slug = record_slug(title)
    record = model.objects.filter(slug=slug).first()
    if record:
        report.existing.append(record)
        return record
    body = f"{TO_REWRITE}\n\n> {notes_text}" if notes_text else ""
    record = model(
        slug=slug,
        title=title,
        summary="",
        body=body,
        status=Status.DRAFT,
        created_by=user,
        changed_by=user,
        **extra,
    )
    record.full_clean()
    record.save()
    report.created.append(record)
    return record
