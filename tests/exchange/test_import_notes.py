"""import_notes: the shipped notes file, a second run, and malformed files."""

import io

import pytest
from django.core.management import CommandError, call_command

from challenges.models import Challenge
from collabkb.exchange.export import export
from collabkb.models import Citation
from practices.models import Practice
from tests.content import NOTES, source_text

pytestmark = pytest.mark.django_db


def run(path):
    out = io.StringIO()
    call_command("import_notes", str(path), stdout=out)
    return out.getvalue()


def test_it_reproduces_the_video_part_of_the_content_as_drafts(tmp_path):
    source_text(NOTES)
    report = run(NOTES)
    assert "23 created as drafts" in report
    assert Citation.objects.filter(source__video_id="nGjuo-7sUXM").count() == 58
    assert Challenge.objects.filter(status="draft").count() == 7
    assert Practice.objects.filter(kind="success-factor").count() == 10
    assert Practice.objects.filter(kind="future-area").count() == 3
    challenge = Challenge.objects.get(slug="undeveloped-ecosystems")
    assert challenge.citations.filter(timestamp_label="31:54:00", second=1914).exists()
    reading = Citation.objects.get(timestamp_label="00:10:48")
    assert (reading.second, reading.needs_review) == (10, True)
    assert set(Challenge.objects.values_list("slug", flat=True)) >= {
        "cultural-norms",
        "lack-of-institutionalization",
        "procedural-and-legal-barriers",
    }


def test_a_second_run_creates_nothing(tmp_path):
    source_text(NOTES)
    run(NOTES)
    before = export()
    report = run(NOTES)
    assert "0 created as drafts" in report and "0 created, 59 already there" in report
    assert export() == before


MALFORMED = {
    "no front matter": ("# Notes\n\nSome text [[link]].\n", "expected front matter"),
    "no timestamps": (
        "---\ntitle: A talk\nvideoId: abc123\n---\n\n## Key Challenges\n*   **Trust**: text\n",
        "no timestamp anchor found",
    ),
    "a label that is not a time": (
        "---\ntitle: A talk\nvideoId: abc123\n---\n\n## Key Challenges\n*   **Trust** "
        '<a class="yt-timestamp" data-t="half past">[half past]</a>: text\n',
        "is not a timestamp",
    ),
    "no known section": (
        "---\ntitle: A talk\nvideoId: abc123\n---\n\n## Miscellany\n*   **Trust** "
        '<a class="yt-timestamp" data-t="01:00:00">[01:00:00]</a>: text\n',
        "no section of records found",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_is_refused_with_what_was_expected(tmp_path, case):
    text, message = MALFORMED[case]
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    before = export()
    with pytest.raises(CommandError) as caught:
        run(path)
    assert message in str(caught.value) and "Nothing was written" in str(caught.value)
    assert export() == before
