"""The shipped content and the two source documents, for content tests."""

import functools
import os
import re

import pytest
from django.conf import settings

SOURCES = settings.BASE_DIR.parent / "shared" / "sources"
NOTES = SOURCES / "oecd-opsi-crossborder-collaboration-video-notes.md"
REPORT = SOURCES / "catalyst-project-cross-sector-collaboration-report.txt"
VIDEO_SLUG = "opsi-crossborder-collaboration-webinar"
REPORT_SLUG = "catalyst-project-report"


def source_text(path):
    if not path.exists():
        message = f"{path} not found: the source documents live in ../shared/sources/"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def squeeze(text):
    """Text with all white space removed, for comparing across line breaks."""
    return re.sub(r"\s+", "", text)


# The places of the sources: the text a citation's locator or timestamp names.


class PlaceNotFound(LookupError):
    """A cited place whose text cannot be found in its source."""


# The report's places in the order of its text: (level, locator, where it
# starts). A place runs from where it starts up to the next place of its
# level or above, less the tables and the figure (below) that the extraction
# left inside it. Most start at their heading; the conclusion's heading
# stands after its text, so it starts at its first words. A locator of None
# names no place: it only ends the one before (the executive summary's
# closing paragraphs are not Lesson #5's).
REPORT_OUTLINE = (
    (1, "Executive summary", "Executive summary"),
    (2, "Executive summary — Lesson #1", "Lesson #1: Form data sharing agreements"),
    (2, "Executive summary — Lesson #2", "Lesson #2: Don’t forget role clarity"),
    (2, "Executive summary — Lesson #3", "Lesson #3: Ensure bottom-up engagement"),
    (2, "Executive summary — Lesson #4", "Lesson #4: Academics should showcase"),
    (2, "Executive summary — Lesson #5", "Lesson #5 Increase interaction"),
    (2, None, "These five lessons from the Catalyst Project"),
    (
        2,
        "Executive summary — Key insights from international best practices",
        "Key insights from analysis of international best practices",
    ),
    (1, "Policy background", "Policy background"),
    (1, None, "Navigating the managerial complexities of"),
    (1, "Literature review", "Introduction Literature review, findings, and implications"),
    (2, "Literature review — Knowledge transfer", "Knowledge transfer"),
    (
        2,
        "Relationships: trust and cooperation in knowledge transfers",
        "Relationships: trust and cooperation in knowledge transfers",
    ),
    (2, "Literature review — Collaborative management", "Collaborative management"),
    (1, "Discussion", "Discussion"),
    (1, "International overview", "An international overview"),
    (
        2,
        "International overview — Managing public-university collaborations",
        "Managing public-university collaborations: lessons on determinants of success",
    ),
    (
        2,
        "International overview — Building operational success: the California Policy Lab",
        "Building operational success: lessons from the California Policy Lab",
    ),
    (
        2,
        "International overview — Barriers and opportunities for collaboration around data",
        "Barriers and opportunities for collaboration around data",
    ),
    (
        2,
        "International overview — Lack of institutional readiness",
        "Lack of institutional readiness",
    ),
    (2, "International overview — Culture change", "Culture change"),
    (
        2,
        "International overview — Data collection, quality, integration",
        "Data collection, quality, integration",
    ),
    (1, "Best practices", "Best practices"),
    (2, "Best practices — Insight #1", "Insight #1: Build partnerships"),
    (2, "Best practices — Insight #2", "Insight #2: Start small"),
    (2, "Best practices — Insight #3", "Insight #3: Mobilise support"),
    (2, "Best practices — Insight #4", "Insight #4: Engage citizens"),
    (2, "Best practices — Insight #5", "Insight #5: Unlock expertise"),
    (1, "Conclusion", "Cross-sectoral collaborations are the main mechanism"),
    (1, "Appendix 1", "Appendix 1: Management strategies for interorganisational collaboration"),
    (1, "Appendix 2", "Appendix 2: List of policy labs"),
    (1, "Appendix 3", "Appendix 3: Steps for strengthening the data analytics culture"),
    (2, "Appendix 3 — Step 1", "1. Understand your organisation’s needs"),
    (2, "Appendix 3 — Step 2", "2. Understand your organisation’s characteristics"),
    (2, "Appendix 3 — Step 3", "3. Obtain executive buy in"),
    (2, "Appendix 3 — Step 4", "4. Distinguish analytics from data management"),
    (2, "Appendix 3 — Step 5", "5. Show return on investment early"),
    (2, "Appendix 3 — Step 6", "6. Create a low barrier of entry"),
    (2, "Appendix 3 — Step 7", "7. Provide repeatable and flexible training"),
    (2, "Appendix 3 — Step 8", "8. Create reusable analytics frameworks"),
    (2, "Appendix 3 — Step 9", "9. Grow towards making yourself smaller"),
    (2, "Appendix 3 — Step 10", "10. Clarify and solidify the role of analytics"),
    (1, "Appendix 4", "Appendix 4: Supporting quotes for findings"),
    *(
        (2, f"Appendix 4 — Concept: {concept}", f"Concept: {concept}")
        for concept in (
            "interaction via showcasing work",
            "interaction via designated on-site work days",
            "show benefits",
            "bottom up engagement",
            "role clarity",
            "problem framing",
            "forming expectations",
            "institutional differences",
        )
    ),
)

# The tables and the figure: (locator, where it starts, where it ends, its
# rows by the words their first cell starts with). The extraction put each
# apart from the text that presents it; a table ends at its caption (Table 2's
# caption stands elsewhere, so it ends at its last row's last words), the
# figure at its caption's repetition.
REPORT_FLOATS = (
    (
        "Table 1",
        "Challenges to Knowledge Transfer",
        "Table 1 Management strategies for managing the knowledge transfer process",
        (
            "Weak personal connections",
            "Lack of social cohesion",
            "Multiple/ Conflicting Priorities",
            "Risk aversion",
        ),
    ),
    (
        "Table 2",
        "Challenges to cooperation",
        "re-establish strategic fit (Chen 2004)",
        (
            "Communication",
            "Lack of shared collaborative reality",
            "Institutional forces",
            "Lack of flexible adjustments",
        ),
    ),
    (
        "Table 3",
        "Leadership/Management Challenges",
        "Table 3 Leadership challenges and managerial activities for success",
        (
            "Role clarity",
            "Low middle management and bottom level buy-in",
            "Misalignment between research and developing project objectives",
            "Lack of facilitative leadership",
        ),
    ),
    (
        "Figure 1",
        "Figure 1 Illustration of California Policy Lab’s governance process",
        "Figure 1 Illustration of California Policy Lab’s governance process",
        (),
    ),
    (
        "Table 4",
        "Offices of Data Analytics (ODAs) Project examples",
        "Table 4 Examples of Offices of Data Analytics (ODAs)",
        (
            "City of Boston Analytics Team",
            "City of San Diego Performance & Analytics Team (PAT)",
            "DataLA",
            "MODA NYC",
            "DataSF",
            "ODA-Philadelphia",
        ),
    ),
)

ROW = re.compile(r"^(?P<table>Table \d+), row: (?P<row>.+)$")
ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="(?P<label>[^"]+)">\[[^\]]*\]</a>')
WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?\s*([^\]]*?)\s*\]\]")
BULLET_LABEL = re.compile(r"^\*\s+\*\*(?P<label>[^*]+)\*\*")


def place_text(source, locator="", label=""):
    """The text of a cited place, its white space made single spaces.

    ``source`` is the source's slug. For the report, the place its locator
    names (``REPORT_OUTLINE``, ``REPORT_FLOATS``; a table's row as "Table 1,
    row: Risk aversion"); for the video, the notes' entry at the timestamp
    ``label``. Raises ``PlaceNotFound``, saying why, for a place it cannot
    find; skips (or fails in CI) where the sources are absent.
    """
    if source == REPORT_SLUG:
        return _report_place(locator)
    if source == VIDEO_SLUG:
        return _notes_entry(label)
    raise PlaceNotFound(f"{source!r} is neither source document")


def _report_place(locator):
    places = _report_places(source_text(REPORT))
    row = ROW.match(locator)
    if row:
        rows = places.get(("rows", row["table"]), {})
        text = rows.get(_key(row["row"]))
        if text is None:
            raise PlaceNotFound(
                f"{row['table']} has no row {row['row']!r}: its rows are {list(rows)}"
            )
        return text
    if locator not in places:
        raise PlaceNotFound(
            f"the report has no place {locator!r} (tests/content.py REPORT_OUTLINE)"
        )
    return places[locator]


def _key(row):
    return squeeze(row).lower()


def _pattern(words, line_start=True):
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    return re.compile((r"^[ \t]*" if line_start else "") + pattern, re.MULTILINE)


def _find(pattern, text, after, what):
    found = pattern.search(text, after)
    if not found:
        raise PlaceNotFound(f"the report's {what} is not where tests/content.py expects it")
    return found


def _single_spaced(text):
    return " ".join(text.split())


@functools.cache
def _report_places(text):
    """Each place of the report by its locator (a table's rows under ("rows", table))."""
    places, floats = {}, []
    for name, start, last_words, rows in REPORT_FLOATS:
        found = _find(_pattern(start), text, 0, f"{name} (its start {start!r})")
        begin = found.start()
        ending = _pattern(last_words, line_start=False)
        end = _find(ending, text, found.end(), f"{name}'s end {last_words!r}").end()
        floats.append((begin, end))
        places[name] = _single_spaced(text[begin:end])
        places[("rows", name)] = _rows(text, name, rows, begin, end)
    starts, after = [], 0
    for _, _, start in REPORT_OUTLINE:
        found = _find(_pattern(start), text, after, f"heading {start!r}")
        starts.append(found.start())
        after = found.end()
    levels = [level for level, _, _ in REPORT_OUTLINE]
    for i, (level, name, _) in enumerate(REPORT_OUTLINE):
        if name is None:
            continue
        later = [starts[j] for j in range(i + 1, len(starts)) if levels[j] <= level]
        begin, end = starts[i], later[0] if later else len(text)
        kept, at = [], begin
        for first, last in sorted(floats):
            if begin <= first < end:
                kept.append(text[at:first])
                at = max(at, last)
        kept.append(text[at:end])
        places[name] = _single_spaced(" ".join(kept))
    return places


def _rows(text, name, rows, begin, end):
    """A table's rows by their key: each from its first words up to the next row."""
    starts, after = [], begin
    for row in rows:
        found = _find(_pattern(row), text, after, f"{name} row {row!r}")
        if found.start() > end:
            raise PlaceNotFound(f"the report's {name} row {row!r} is not in {name}")
        starts.append(found.start())
        after = found.end()
    bounds = [*starts, end]
    return {
        _key(row): _single_spaced(text[bounds[i] : bounds[i + 1]]) for i, row in enumerate(rows)
    }


def _notes_entry(label):
    """The notes' entries at ``label``: the words leading up to each of its anchors
    (back past anchors that only punctuation separates from it), after the bold
    label of the bullet the anchor is in."""
    entries = []
    for line in source_text(NOTES).splitlines():
        pieces = ANCHOR.split(line)  # text, label, text, label, ... text
        texts, labels = pieces[0::2], pieces[1::2]
        bullet = BULLET_LABEL.match(line)
        for i, anchored in enumerate(labels):
            if anchored != label:
                continue
            before = i
            while before > 0 and not re.search(r"\w", texts[before]):
                before -= 1
            words = _plain(texts[before])
            if bullet and before > 0:
                words = f"{_plain(bullet['label'])}: {words}"
            entries.append(words)
    if not entries:
        raise PlaceNotFound(f"the notes have no timestamp {label!r}")
    return " … ".join(entries)


def _plain(markdown):
    text = WIKILINK.sub(r"\1", markdown)
    text = re.sub(r"^\*\s+", "", text).replace("**", "")
    return _single_spaced(text.strip(" :,."))
