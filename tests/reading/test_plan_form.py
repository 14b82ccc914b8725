"""The planner's form when a dimension has more challenges than it offers."""

import pytest

from explore.planner import reads
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


@pytest.fixture
def crowded(monkeypatch):
    """Five relational challenges, the form offering two a dimension; one other."""
    monkeypatch.setattr(reads, "OFFERED", 2)
    made = {}
    for n, title in enumerate(["Trust", "Shared language", "Turnover", "Ego", "Trust decay"]):
        challenge = f.make_challenge(title=title, slug=f"c-{n}", dimension="relational")
        made[title] = challenge
    for n, challenge in enumerate(made.values()):  # the first most faced and addressed
        type(challenge).objects.filter(pk=challenge.pk).update(link_count=10 - n)
    made["Budgets"] = f.make_challenge(title="Budgets", slug="budgets", dimension="value")
    return made


def boxes(text):
    return [part.split('"')[0] for part in text.split('name="challenge" value="')[1:]]


def test_a_crowded_dimension_offers_its_most_faced_and_a_search(client, crowded):
    text = client.get("/plan/").text
    assert boxes(text) == ["not-sure", "c-1", "c-0", "budgets"]  # by title in each dimension
    assert "The most faced and addressed of them; 3 more: find them by name below." in text
    assert '<input type="search" id="plan-find" name="find" value="">' in text
    assert "<script" not in text.split('class="plan-form"')[1].split("</form>")[0]


def test_it_finds_the_others_by_a_word_of_their_title(client, crowded):
    text = client.get("/plan/?find=trust").text
    assert '<input type="search" id="plan-find" name="find" value="trust">' in text
    assert boxes(text) == ["not-sure", "c-1", "c-0", "budgets", "c-4"]  # Trust is offered already
    assert '<details class="plan-form" open>' in text
    nothing = client.get("/plan/?find=weather").text
    assert "No other published challenge has “weather” in its title." in nothing


def test_a_chosen_challenge_stays_in_the_form_checked(client, crowded):
    text = client.get("/plan/?challenge=c-3&find=trust").text
    assert 'value="c-3" checked' in text
    assert boxes(text) == ["not-sure", "c-3", "c-1", "c-0", "budgets", "c-4"]  # Ego first
    assert "Ego" in text.split('class="plan"')[1]  # and the plan covers it


def test_a_dimension_that_fits_has_no_search(client, monkeypatch):
    f.make_challenge(title="Budgets", slug="budgets", dimension="value")
    text = client.get("/plan/").text
    assert 'name="find"' not in text and "more: find them" not in text
