"""Reading a video-notes file: front matter, headings, bullets, timestamps.

The format is that of ``shared/sources/oecd-opsi-crossborder-collaboration-
video-notes.md``: YAML-like front matter with ``title`` and ``videoId``;
``##`` and ``###`` headings; paragraphs and ``*`` bullets whose title is in
bold; ``<a class="yt-timestamp" data-t="…">`` anchors; ``[[target | text]]``
wikilinks.
"""

import html
import re
from dataclasses import dataclass, field

from collabkb.text import timestamps

ANCHOR_RE = re.compile(r'<a class="yt-timestamp" data-t="(?P<label>[^"]*)">\[[^\]]*\]</a>')
WIKILINK_RE = re.compile(r"\[\[(?P<target>[^\]|]+?)\s*(?:\|\s*(?P<text>[^\]]+?))?\s*\]\]")
BULLET_RE = re.compile(r"^\*\s+\*\*(?P<title>.+?)\*\*(?P<rest>.*)$")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*$")


# What an imported record's body starts with: the notes, quoted, wait for a
# curator to write the record in our own words (checked before publishing).
TO_REWRITE = "Notes on the video, to be rewritten in our own words before publishing:"


class NotesFormatError(ValueError):
    """The file is not video notes in the expected format."""


@dataclass
class Moment:
    label: str
    second: int
    needs_review: bool


@dataclass
class Block:
    """A paragraph or a bullet, with the moments it cites in order."""

    line: int
    section: str
    subsection: str
    title: str
    text: str
    is_bullet: bool
    moments: list = field(default_factory=list)
    links: list = field(default_factory=list)


@dataclass
class Notes:
    title: str
    video_id: str
    blocks: list

    @property
    def moments(self):
        return [moment for block in self.blocks for moment in block.moments]


def parse_notes(text):
    lines = text.replace("\r\n", "\n").split("\n")
    meta, body_start = _front_matter(lines)
    blocks = []
    section = subsection = ""
    paragraph, paragraph_line = [], 0

    def flush():
        if paragraph:
            blocks.append(
                _block(paragraph_line, section, subsection, "", " ".join(paragraph), False)
            )
            paragraph.clear()

    for number, raw in enumerate(lines[body_start:], start=body_start + 1):
        line = raw.strip()
        heading = HEADING_RE.match(line)
        bullet = BULLET_RE.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            if len(heading["hashes"]) <= 2:
                section, subsection = heading["text"], ""
            else:
                subsection = heading["text"]
        elif bullet:
            flush()
            blocks.append(
                _block(number, section, subsection, bullet["title"], bullet["rest"], True)
            )
        else:
            if not paragraph:
                paragraph_line = number
            paragraph.append(line)
    flush()
    if not any(block.moments for block in blocks):
        raise NotesFormatError(
            'no timestamp anchor found: expected <a class="yt-timestamp" '
            'data-t="mm:ss:00">[mm:ss:00]</a> in the text'
        )
    return Notes(title=meta["title"], video_id=meta["videoId"], blocks=blocks)


def _front_matter(lines):
    if not lines or lines[0].strip() != "---":
        raise NotesFormatError(
            "line 1: expected front matter opening with '---' (with title: and videoId:)"
        )
    meta = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        key, sep, value = line.partition(":")
        if not sep:
            raise NotesFormatError(f"line {number}: expected 'key: value' in front matter")
        meta[key.strip()] = value.strip().strip("\"'")
    else:
        raise NotesFormatError("front matter is not closed with '---'")
    for key in ("title", "videoId"):
        if not meta.get(key):
            raise NotesFormatError(f"front matter has no {key}:")
    return meta, number


def _block(line, section, subsection, title, text, is_bullet):
    labels = [match["label"] for match in ANCHOR_RE.finditer(title + " " + text)]
    links = [match["target"].strip() for match in WIKILINK_RE.finditer(text)]
    try:
        moments = _resolve(labels, in_time_order=not is_bullet)
    except timestamps.TimestampError as error:
        raise NotesFormatError(f"line {line}: {error}") from None
    return Block(
        line=line,
        section=section,
        subsection=subsection,
        title=_plain(title),
        text=_plain(text).lstrip(": ").strip(),
        is_bullet=is_bullet,
        moments=moments,
        links=links,
    )


def _resolve(labels, in_time_order):
    """Resolve labels; a prose paragraph runs in time order, a bullet need not."""
    readings = [timestamps.candidate_readings(label) for label in labels]
    certain = [minutes if hours is None else None for minutes, hours in readings]
    moments = []
    for i, label in enumerate(labels):
        after = before = None
        if in_time_order:
            earlier = [s for s in certain[:i] if s is not None]
            later = [s for s in certain[i + 1 :] if s is not None]
            after = max(earlier) if earlier else None
            before = min(later) if later else None
        reading = timestamps.resolve(label, after=after, before=before)
        moments.append(Moment(label, reading.second, reading.needs_review))
    return moments


def _plain(text):
    text = ANCHOR_RE.sub("", text)
    text = WIKILINK_RE.sub(lambda m: (m["text"] or m["target"]).strip(), text)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"(,\s*)+\.", ".", text)
    return html.unescape(re.sub(r"\s+", " ", text)).strip()
