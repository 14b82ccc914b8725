"""Neighbouring word forms: a doer meets the doing, on every database."""

import re

import pytest

from collabkb.search.engine import search
from tests import factories as f

pytestmark = [pytest.mark.django_db]

SPANNERS = "/practices/designate-boundary-spanners/"


def urls(query):
    return {hit.document.url for hit in search(query, page_size=1000).hits}


@pytest.mark.usefixtures("shipped_content")
@pytest.mark.parametrize(
    "one, other",
    [
        ("boundary spanners", "boundary spanning"),
        ("spanner", "spanning"),
        ("partnership", "partnerships"),
        ("funders", "funding"),
    ],
)
def test_a_word_and_its_neighbour_find_the_same_records(one, other):
    found = urls(one)
    assert found and found == urls(other)


@pytest.mark.usefixtures("shipped_content")
@pytest.mark.parametrize(
    "query", ["boundary spanners", "boundary spanning", '"boundary spanning"', "spanning"]
)
def test_the_boundary_spanners_practice_comes_first_in_every_form(query):
    assert search(query).hits[0].document.url == SPANNERS


@pytest.mark.usefixtures("shipped_content")
def test_a_quoted_phrase_matches_as_a_phrase_in_any_of_its_forms():
    hits = search('"boundary spanning"', page_size=1000).hits
    assert SPANNERS in {hit.document.url for hit in hits}
    for hit in hits:
        text = " ".join([hit.document.title, hit.document.summary, hit.document.body])
        assert re.search(r"boundary[\s-]+spann", text, re.IGNORECASE), hit.document.url


@pytest.mark.usefixtures("shipped_content")
def test_the_page_marks_the_form_that_matched(client):
    text = client.get("/search/?q=spanning").text
    assert "boundary <mark>spanners</mark>" in text.lower()
    assert "<mark>spanning</mark>" in text.lower()


def test_the_form_typed_ranks_before_its_neighbour():
    neighbour = f.make_challenge(title="Wombat funding", slug="wombat-funding")
    typed = f.make_practice(
        title="Wombat burrows", slug="wombat-burrows", body="Ask the funders of burrows."
    )
    assert [h.document.url for h in search("wombat funders").hits] == [
        typed.get_absolute_url(),
        neighbour.get_absolute_url(),
    ]
    assert [h.document.url for h in search("wombat funding").hits] == [
        neighbour.get_absolute_url(),
        typed.get_absolute_url(),
    ]


def test_a_short_word_brings_no_neighbour():
    using = f.make_challenge(title="Numbat using maps", slug="numbat-using-maps")
    users = f.make_challenge(title="Numbat users", slug="numbat-users")
    found = urls("users")
    assert users.get_absolute_url() in found and using.get_absolute_url() not in found


@pytest.mark.parametrize("q", ["the", "of the", '"the"', '"of the"', "and or not", "the spanners"])
def test_a_query_of_common_words_gets_a_page_and_its_downloads(client, q):
    f.make_challenge(title="The role of the boundary spanners")
    for extra in [{}, {"format": "csv"}, {"format": "json"}]:
        assert client.get("/search/", {"q": q, **extra}).status_code == 200
    if q == "the spanners":
        assert search(q).total >= 1


def test_plain_matching_without_fts5_finds_the_neighbour_too(monkeypatch):
    from django.db import connection

    from collabkb.search import backends

    if connection.vendor != "sqlite":
        pytest.skip("the plain matching stands in for SQLite's FTS5")
    monkeypatch.setattr(backends, "_fts5_missing", True)
    spanning = f.make_challenge(title="Dingo spanning work", slug="dingo-spanning-work")
    results = search("dingo spanners")
    assert results.engine == backends.PlainBackend.name
    assert [h.document.url for h in results.hits] == [spanning.get_absolute_url()]
