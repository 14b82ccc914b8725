"""Public pages show published records only; the home page counts them."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make", [f.make_challenge, f.make_practice, f.make_case, f.make_organisation]
)
def test_it_shows_a_published_record_and_hides_a_draft(client, make):
    published = make(title="Shown to readers")
    draft = make(title="Still a draft", status="draft")
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Shown to readers" in response.text
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_it_counts_only_published_records_on_the_home_page(client):
    for _ in range(3):
        f.make_challenge()
    f.make_challenge(status="draft")
    response = client.get("/")
    assert response.status_code == 200
    counts = {label: count for label, count, *_ in response.context["counts"]}
    assert counts["Challenges"] == 3


def test_it_answers_an_unknown_slug_with_the_404_page(client):
    response = client.get("/challenges/no-such-challenge/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_it_lists_a_record_citations_on_its_page(client):
    linked = f.make_linked_set()
    response = client.get(linked["practice"].get_absolute_url())
    assert response.text.count("<li>") >= 2
    assert linked["video"].title in response.text
    assert "27:33" in response.text
    assert "A quoted line." in response.text


def test_the_server_error_page_is_in_the_site_layout():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert 'href="/challenges/"' in html


def test_the_health_endpoint_says_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode() == "ok: the database answers; the cache answers\n"
    assert "no-store" in response["Cache-Control"]
