"""Record pages: the record, its links in both directions, its citations."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    return f.make_linked_set()


def test_a_challenge_shows_its_practices_their_cases_and_its_citations(client, linked):
    response = client.get(linked["challenge"].get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert linked["practice"].title in text
    assert linked["case"].title in text  # faced it, and exemplifies the practice
    assert "A quoted line." in text
    assert "University actor" in text
    assert f'href="/sources/{linked["report"].slug}/#table-' in text


def test_a_challenge_lists_cases_reached_through_its_practices(client):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(title="Lesson 2", addresses=[challenge])
    case = f.make_case(title="Catalyst")
    case.exemplifies.add(practice)
    response = client.get(challenge.get_absolute_url())
    assert [node.slug for node in response.context["cases_through_practices"].nodes] == [case.slug]
    assert f'href="{case.get_absolute_url()}">Catalyst</a>' in response.text


def test_a_practice_shows_the_challenges_it_addresses_and_its_cases(client, linked):
    response = client.get(linked["practice"].get_absolute_url())
    assert linked["challenge"].title in response.text
    assert linked["case"].title in response.text
    # Video citations are shown as a person reads them and link to the moment.
    assert ">27:33</a>" in response.text
    assert f"/sources/{linked['video'].slug}/t/1653/" in response.text
    assert "https://www.youtube.com/watch?v=nGjuo-7sUXM&amp;t=1653s" in response.text


def test_a_practice_links_to_its_neighbours_in_its_series(client):
    series = f.make_series(title="Lessons")
    first = f.make_practice(title="One", series=series, number=1)
    second = f.make_practice(title="Two", series=series, number=2)
    third = f.make_practice(title="Three", series=series, number=3)
    response = client.get(second.get_absolute_url())
    assert response.context["previous"].slug == first.slug
    assert response.context["following"].slug == third.slug
    assert f'rel="prev" href="{first.get_absolute_url()}">Previous: One</a>' in response.text
    assert f'rel="next" href="{third.get_absolute_url()}">Next: Three</a>' in response.text


def test_a_case_shows_participants_examples_and_links(client, linked):
    response = client.get(linked["case"].get_absolute_url())
    text = response.text
    assert linked["organisation"].title in text
    assert "University / research" in text
    assert linked["practice"].title in text and linked["challenge"].title in text
    assert "Example" in text


def test_an_organisation_shows_its_cases(client, linked):
    response = client.get(linked["organisation"].get_absolute_url())
    assert linked["case"].title in response.text


def test_links_to_drafts_are_not_shown(client):
    challenge = f.make_challenge(title="Shown")
    f.make_practice(title="Draft practice", status="draft", addresses=[challenge])
    response = client.get(challenge.get_absolute_url())
    assert "Draft practice" not in response.text


def test_the_body_is_rendered_markdown_with_scripts_removed(client):
    challenge = f.make_challenge(
        body="**Bold** text <script>alert('x')</script> [link](javascript:alert(1))"
    )
    text = client.get(challenge.get_absolute_url()).text
    assert "<strong>Bold</strong>" in text
    assert "<script>alert" not in text
    assert "javascript:alert" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/challenges/no-such-challenge/",
        "/practices/no-such-practice/",
        "/cases/no-such-case/",
        "/organisations/nobody/",
        "/series/no-series/",
        "/sources/no-source/",
        "/tags/no-tag/",
    ],
)
def test_an_unknown_slug_is_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="/challenges/"' in response.text  # in the site's layout


def test_the_series_page_lists_practices_in_number_order(client):
    series = f.make_series(title="Propositions")
    f.make_practice(title="Second", series=series, number=2)
    f.make_practice(title="First", series=series, number=1)
    response = client.get(series.get_absolute_url())
    text = response.text
    assert text.index("First") < text.index("Second")
