"""A plan made of a few records: a place cited by several of its items is
named once (in the why, in each item's line, in the Markdown's list of
places), and a checklist of one series keeps that series' order."""

import re
from types import SimpleNamespace

import pytest

from tests import factories as f
from tests.reading.test_plan_what_to_do import checklist_items, practice_items

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


def test_a_why_names_each_place_once_and_reads_as_one_sentence(client):
    report = f.make_source(title="The handbook", short_name="Handbook")
    conclusion = [f.make_citation(report, locator="Conclusion", quotation=q) for q in "ab"]
    challenge = f.make_challenge(title="Slow decisions")  # stated, not paired
    f.make_practice(title="Decide together", addresses=[challenge], citations=conclusion)
    challenge.addressed_by_links.update(basis="stated")
    challenge.addressed_by_links.get().citations.set(conclusion)
    text = client.get("/plan/", {"challenge": challenge.slug}).text
    assert "(Conclusion)" in text and "Conclusion; Conclusion" not in text
    # Cited twice at one place (two passages): the place is listed once.
    [item] = practice_items(text)
    assert item.count("Conclusion · Handbook") == 1


def test_a_checklist_of_one_series_is_that_series_in_its_order(client):
    series = f.make_series(title="Three moves", short_name="Moves", for_running=True)
    for number, action in [(2, "Agree the rules"), (1, "Meet"), (3, "Review")]:
        f.make_practice(title=f"Step {number}: {action}", kind="step", series=series, number=number)
    text = client.get("/plan/?stage=running").text
    assert "The steps of one series, in its source's order" in text
    items = checklist_items(text)
    assert [re.search(r'/">(.*?)</a>', item).group(1) for item in items] == [
        "Meet",
        "Agree the rules",
        "Review",
    ]
    assert "(Moves, step 2)" in items[1]


def test_the_markdown_lists_a_place_several_practices_cite_once(client):
    report = f.make_source(title="The handbook", short_name="Handbook")
    table = f.make_citation(report, locator="Table 2")
    other = f.make_citation(report, locator="Table 5")
    challenge = f.make_challenge(title="Slow decisions", citations=[table])
    for n in range(4):
        f.make_practice(title=f"Practice {n}", addresses=[challenge], citations=[table, other])
    markdown = client.get("/plan/", {"challenge": challenge.slug, "format": "md"})
    text = markdown.content.decode()
    assert text.count("http://testserver" + table.get_absolute_url()) == 1
    assert text.count("Table 2 · Handbook") == 1
    assert text.count("Table 5 · Handbook") == 1
    # The challenge and its 4 practices refer to it by its number.
    places = text[text.index("## Places cited") :]
    assert "1. Table 2 · Handbook — http://testserver/sources/" in places
    assert "2. Table 5 · Handbook — http://testserver/sources/" in places
    assert text.count("Cited at [1].") == 1  # the challenge
    assert text.count("Cited at [1], [2].") == 4  # each practice


def test_steps_at_one_place_go_by_the_order_of_their_series():
    """Those of a source of the partnership's setting first (``build`` sorts
    the series so), then by title; an unnumbered step keeps its place."""
    from explore.planner.checklist import merged

    class Steps(list):
        def all(self):
            return self

    def series(title, *titles, numbered=True):
        steps = [
            SimpleNamespace(title=t, number=n if numbered else None)
            for n, t in enumerate(titles, start=1)
        ]
        return SimpleNamespace(title=title, short_name="", practices=Steps(steps))

    near = series("Near", "Step 1: Ask", "Step 2: Agree")
    far = series("Far", "Listen", "Reply", "Report", numbered=False)
    steps = merged([near, far])
    assert [(s.action, s.origin) for s in steps] == [
        ("Ask", "Near, step 1"),
        ("Listen", "Far"),
        ("Agree", "Near, step 2"),
        ("Reply", "Far"),
        ("Report", "Far"),
    ]
