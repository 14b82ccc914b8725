"""The read path of record pages (collabkb.published): published records only
as links, neighbours and citing records; a curator's preview of a draft read
the same way; the same queries however much links to a record."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb import versions
from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


def drawn(text):
    """The addresses the boxes of a page's neighbourhood drawing link to."""
    found = re.search(r"<svg class=\"map\".*?</svg>", text, re.S)
    return re.findall(r'<a href="([^"]+)" tabindex="-1">', found.group(0)) if found else []


def test_a_preview_of_a_draft_lists_and_draws_its_published_links_only(client, admin_user):
    challenge = f.make_challenge(title="Turf", status=Status.DRAFT)
    published = f.make_practice(title="Published lesson", addresses=[challenge])
    draft = f.make_practice(title="Draft lesson", addresses=[challenge], status=Status.DRAFT)
    case = f.make_case(title="Catalyst")
    case.exemplifies.add(published, draft)
    assert client.get(challenge.get_absolute_url()).status_code == 404  # a reader
    client.force_login(admin_user)
    text = client.get(challenge.get_absolute_url()).text
    assert "Not public — draft." in text
    assert ">Published lesson</a>" in text and "Draft lesson" not in text
    # The cases that show its practices: through the published one only.
    assert f'href="{case.get_absolute_url()}">Catalyst</a>' in text
    assert set(drawn(text)) == {
        challenge.get_absolute_url(),
        published.get_absolute_url(),
        case.get_absolute_url(),
    }
    data = json.loads(client.get(challenge.get_absolute_url() + "?format=json").content)
    assert data["addressed_by_slugs"] == [published.slug]


def test_a_published_page_never_shows_a_draft_neighbour_or_a_path_through_one(client):
    challenge = f.make_challenge(title="Role clarity")
    lesson = f.make_practice(title="Name a lead", addresses=[challenge])
    draft_challenge = f.make_challenge(title="Secret barrier", status=Status.DRAFT)
    lesson.addresses.add(draft_challenge)
    f.make_case(title="Secret case", status=Status.DRAFT).exemplifies.add(lesson)
    # Two steps out only through a draft: not reached.
    hidden = f.make_challenge(title="Hidden behind a draft")
    f.make_practice(title="Secret lesson", status=Status.DRAFT, addresses=[challenge, hidden])
    text = client.get(challenge.get_absolute_url()).text
    assert set(drawn(text)) == {challenge.get_absolute_url(), lesson.get_absolute_url()}
    assert "Secret" not in text and "Hidden behind a draft" not in text
    data = json.loads(client.get(lesson.get_absolute_url() + "?format=json").content)
    assert data["addresses_slugs"] == [challenge.slug] and data["exemplified_by"] == []


def test_the_neighbourhood_draws_the_links_between_records_two_steps_out(client):
    centre = f.make_practice(title="Centre")
    challenge = f.make_challenge(title="Barrier")
    centre.addresses.add(challenge)
    far_practice = f.make_practice(title="Far lesson", addresses=[challenge])
    far_case = f.make_case(title="Far case")
    far_case.faced.add(challenge)
    far_case.exemplifies.add(far_practice)  # a link between two records two steps out
    text = client.get(centre.get_absolute_url()).text
    assert text.count('class="map-link') == 4  # centre–barrier, barrier–both, and theirs


def test_a_record_page_makes_the_same_queries_however_much_links_to_it(client, uncached):
    challenge = f.make_challenge(title="Trust", levels=["project"])
    lesson = f.make_practice(title="Lesson 00", addresses=[challenge])
    f.make_case(title="Case 00").exemplifies.add(lesson)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(challenge.get_absolute_url()).status_code == 200
        return len(captured)

    few = queries()
    for n in range(1, 60):
        lesson = f.make_practice(title=f"Lesson {n:02d}", addresses=[challenge])
        case = f.make_case(title=f"Case {n:02d}")
        case.exemplifies.add(lesson)
        case.faced.add(challenge)
    assert queries() == few
    text = client.get(challenge.get_absolute_url()).text
    assert "Lesson 19</a>" in text and "Lesson 20</a>" not in text
    assert "All 60 practices that address it" in text
    assert "All 59 cases that faced it" in text


def test_a_readers_record_page_reads_versions_only_in_the_page_cache(client, monkeypatch):
    linked = f.make_linked_set()
    reads = []
    read, newest = versions.read, versions.newest
    monkeypatch.setattr(versions, "read", lambda tags, **kw: reads.append(1) or read(tags, **kw))
    monkeypatch.setattr(
        versions, "newest", lambda tags, **kw: reads.append(1) or newest(tags, **kw)
    )
    for kind in ("challenge", "practice", "case", "organisation"):
        reads.clear()
        response = client.get(linked[kind].get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        # the page cache's own: before the render, then the tags the page declared
        assert reads == [1, 1]
        response = client.get(linked[kind].get_absolute_url())
        assert response["X-Page-Cache"] == "hit"


def test_a_moment_links_to_the_public_moments_around_it_only(client):
    video = f.make_source(kind="video", slug="webinar")
    at = {second: f.make_citation(video, second=second) for second in (60, 90, 120, 150)}
    f.make_challenge(citations=[at[60], at[120]])
    f.make_challenge(citations=[at[90]], status=Status.DRAFT)
    text = client.get("/sources/webinar/t/120/").text
    assert 'rel="prev" href="/sources/webinar/t/60/"' in text and 'rel="next"' not in text
    assert client.get("/sources/webinar/t/90/").status_code == 404


def test_a_record_pages_json_shows_a_linked_records_new_title_at_once(client):
    linked = f.make_linked_set()
    url = f"{linked['challenge'].get_absolute_url()}?format=json"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    practice = linked["practice"]
    practice.title = "A title given since"
    practice.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "A title given since" in response.content.decode()
