"""The sources' own emphasis leads, on the shipped content: the home page and
the planner, checked against the source documents (skipped without them)."""

import re

import pytest

from tests.content import NOTES, REPORT, source_text, squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def section(text, heading_id):
    start = text.index(f'id="{heading_id}"')
    return text[start : text.index("</section>", start)]


def titles(html):
    return re.findall(r'<a href="/challenges/[^"]+">([^<]+)</a>', html)


def test_the_webinars_most_significant_challenge_is_on_the_home_page(client):
    notes = source_text(NOTES)
    [line] = [line for line in notes.splitlines() if "often the most significant" in line]
    named = re.search(r"\*\*(.+?)\*\*", line).group(1)  # "Undeveloped Ecosystems"
    text = client.get("/").text
    webinar = section(text, "named-challenges-opsi-crossborder-collaboration-webinar")
    assert named.lower() in [t.lower() for t in titles(webinar)]
    # Above the fold of the emphasis, not after a list of counts.
    assert text.index(">Undeveloped ecosystems<") < text.index('id="sources-heading"')


def test_the_home_page_leads_with_the_barriers_interviewees_mentioned_most(client):
    report = squeeze(source_text(REPORT))
    assert squeeze("Weak personal connections Relational 10") in report
    assert squeeze("Lack of facilitative leadership 9 Facilitative leadership") in report
    text = client.get("/").text
    mentioned = section(text, "mentioned-challenges")
    assert titles(mentioned)[:2] == ["Weak personal connections", "Lack of facilitative leadership"]
    assert "10 mentions" in mentioned
    assert text.index('id="emphasis-heading"') < text.index('id="counts-heading"')
    assert "Most-cited" not in text


def test_misalignment_gets_table_3s_strategies_first(client):
    report = squeeze(source_text(REPORT))
    row = squeeze(
        "Misalignment between research and developing project objectives 4 "
        "Identify interdependencies"
    )
    assert row in report and squeeze("Show evidence of success") in report
    plan = client.get(
        "/plan/?challenge=misalignment-between-research-and-project-objectives"
    ).context["plan"]
    first = [r.practice.title for r in plan.challenges[0].practices[:2]]
    assert sorted(first) == ["Identify interdependencies", "Show evidence of success"]


def test_weak_personal_connections_get_table_1s_own_strategy_first(client):
    report = squeeze(source_text(REPORT))
    assert squeeze("Weak personal connections Relational 10 Designate boundary spanners") in report
    response = client.get("/plan/?challenge=weak-personal-connections")
    ranked = response.context["plan"].challenges[0].practices
    assert ranked[0].practice.title == "Designate boundary spanners"
    assert "Table 1 of the Catalyst report gives it for this challenge" in response.text


def test_cards_say_what_the_sources_give_and_label_counts_as_counts(client):
    text = client.get("/challenges/?sort=mentions").text
    assert "Evidence: " not in text
    first = text[text.index('<ol class="cards"') :]
    first = first[: first.index("</li>")]
    assert ">Weak personal connections<" in first
    assert "10 interview mentions (the report's count)" in first
    assert "a source pairs 2 practices with it" in first
    assert "Counts, not strength: 2 citations from 1 source" in first


@pytest.mark.usefixtures("shipped_content")
def test_a_checklist_from_a_source_of_another_setting_says_so(client):
    """Every staged series comes from the report (a university with councils):
    a city government with start-ups across borders is told so; a university
    with a council is not."""
    city = {"sector": ["public", "private"], "scope": "cross-border", "stage": "starting"}
    text = client.get("/plan/", city).text
    assert "a source of a setting unlike yours: take it as a pattern" in text
    council = {"sector": ["public", "academic"], "scope": "domestic", "stage": "starting"}
    assert "a source of a setting unlike yours" not in client.get("/plan/", council).text
