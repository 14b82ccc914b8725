"""The text of a cited place (tests.content.place_text), which the link checks read."""

import pytest

from collabkb.models import Citation
from tests.content import REPORT_SLUG, VIDEO_SLUG, PlaceNotFound, place_text, squeeze


def report(locator):
    return place_text(REPORT_SLUG, locator)


def test_a_place_runs_from_its_heading_to_the_next_of_its_level():
    summary = report("Executive summary")
    assert summary.startswith("Executive summary")
    assert "Lesson #3: Ensure bottom-up engagement" in summary
    assert "Policy background" not in summary
    lesson = report("Executive summary — Lesson #5")
    assert lesson.startswith("Lesson #5 Increase interaction with regular on-site work days")
    assert lesson.endswith("answered as soon as an issue arose.")  # not the closing paragraphs


def test_a_section_leaves_out_the_tables_the_extraction_put_in_it():
    management = report("Literature review — Collaborative management")
    assert "Table 3 shows that several management obstacles" in management
    assert "Designate clear roles for project participants" not in management
    assert "Designate clear roles for project participants" in report("Table 3")


def test_the_conclusion_is_the_text_its_heading_stands_after():
    conclusion = report("Conclusion")
    assert conclusion.startswith("Cross-sectoral collaborations are the main mechanism")
    assert "Lessons #1 and #2 require early action from senior leadership" in conclusion
    assert "Appendix 1" not in conclusion


def test_a_table_row_is_the_row_alone():
    row = report("Table 1, row: Risk aversion")
    assert row.startswith("Risk aversion Organisational 4 Sense-making")
    assert "Designate boundary spanners" not in row
    assert "(Van Wijk et al. 2008)" in report("Table 1, row: weak personal connections")


def test_the_notes_entry_at_a_moment_holds_its_bullet_and_its_words():
    assert place_text(VIDEO_SLUG, label="40:48:00").startswith(
        "Strategic Budgeting: When piloting initiatives, budgets should assume success"
    )
    # Two anchors side by side share the words before the first.
    assert place_text(VIDEO_SLUG, label="01:12:03") == place_text(VIDEO_SLUG, label="00:16:14")
    # A label the notes give twice is both entries.
    twice = place_text(VIDEO_SLUG, label="28:53:00")
    assert "Scaling of Experiments:" in twice and "Scalable Design:" in twice


@pytest.mark.parametrize(
    ("source", "locator", "label", "message"),
    [
        (REPORT_SLUG, "Table 9", "", "the report has no place 'Table 9'"),
        (REPORT_SLUG, "Lessons — Lesson #2", "", "no place 'Lessons — Lesson #2'"),
        (REPORT_SLUG, "Table 1, row: Role clarity", "", "Table 1 has no row 'Role clarity'"),
        (VIDEO_SLUG, "", "99:59:00", "the notes have no timestamp '99:59:00'"),
        ("another-source", "Table 1", "", "'another-source' is neither source document"),
    ],
)
def test_a_place_it_cannot_find_is_an_error_that_says_so(source, locator, label, message):
    with pytest.raises(PlaceNotFound, match=message):
        place_text(source, locator, label)


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_content")
def test_every_shipped_citation_names_a_place_that_holds_its_quotation():
    problems = []
    for citation in Citation.objects.select_related("source"):
        try:
            text = place_text(citation.source.slug, citation.locator, citation.timestamp_label)
        except PlaceNotFound as missing:
            problems.append(f"{citation.key}: {missing}")
            continue
        if squeeze(citation.quotation) not in squeeze(text):
            problems.append(f"{citation.key}: its quotation is not in {citation}")
    assert problems == []
