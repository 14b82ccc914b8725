"""Record pages read their linked records, tags and series neighbours from the
graph kept per content version (collabkb.maps.graph): a write shows at once,
also to a reader the page cache leaves out, and a curator's preview of an
unpublished record still shows its links."""

import pytest

from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.cookies["sessionid"] = "not-cached"  # every request renders
    return client


def test_a_write_to_a_linked_record_shows_at_once(reader):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(title="Name a lead", addresses=[challenge])
    assert ">Name a lead</a>" in reader.get(challenge.get_absolute_url()).text
    practice.title = "Name one lead"
    practice.save()
    assert ">Name one lead</a>" in reader.get(challenge.get_absolute_url()).text
    practice.status = Status.DRAFT
    practice.save()
    assert "Name one lead" not in reader.get(challenge.get_absolute_url()).text


def test_new_links_and_tags_show_at_once(reader):
    challenge = f.make_challenge(title="Trust")
    case = f.make_case(title="Catalyst")
    assert "Catalyst" not in reader.get(challenge.get_absolute_url()).text
    case.faced.add(challenge)
    challenge.tags.add("weak ties")
    text = reader.get(challenge.get_absolute_url()).text
    assert f'href="{case.get_absolute_url()}">Catalyst</a>' in text
    assert 'href="/tags/weak-ties/">weak ties</a>' in text


def test_a_preview_of_a_draft_shows_its_published_links_and_tags(client, admin_user):
    challenge = f.make_challenge(title="Turf", status=Status.DRAFT, tags=["turf"])
    f.make_practice(title="Published lesson", addresses=[challenge])
    f.make_practice(title="Draft lesson", addresses=[challenge], status=Status.DRAFT)
    client.force_login(admin_user)
    text = client.get(challenge.get_absolute_url()).text
    assert "Not public — draft." in text
    assert ">Published lesson</a>" in text
    assert "Draft lesson" not in text
    assert 'href="/tags/turf/">turf</a>' in text


def test_series_neighbours_skip_an_unpublished_step(reader):
    series = f.make_series(title="Steps")
    one = f.make_practice(title="One", series=series, number=1)
    f.make_practice(title="Two", series=series, number=2, status=Status.DRAFT)
    three = f.make_practice(title="Three", series=series, number=3)
    text = reader.get(three.get_absolute_url()).text
    assert f'rel="prev" href="{one.get_absolute_url()}">Previous: One</a>' in text
    assert 'rel="next"' not in text
    text = reader.get(one.get_absolute_url()).text
    assert f'rel="next" href="{three.get_absolute_url()}">Next: Three</a>' in text
    assert 'rel="prev"' not in text


def test_a_case_lists_a_series_steps_in_order_before_unnumbered_practices(reader):
    series = f.make_series(title="Steps")
    loose = f.make_practice(title="A loose lesson")
    second = f.make_practice(title="Second", series=series, number=2)
    first = f.make_practice(title="First", series=series, number=1)
    case = f.make_case()
    case.exemplifies.set([loose, second, first])
    text = reader.get(case.get_absolute_url()).text
    assert text.index(">First</a>") < text.index(">Second</a>") < text.index(">A loose lesson</a>")


def test_a_case_shows_its_first_participants_and_a_link_to_all(reader):
    organisations = [f.make_organisation(title=f"Organisation {n:02d}") for n in range(23)]
    f.make_organisation(title="Organisation 99", status=Status.DRAFT)
    case = f.make_case(organisations=organisations)
    case.participations.create(organisation=f.make_organisation(status=Status.DRAFT))
    text = reader.get(case.get_absolute_url()).text
    assert text.count("<tr><td>") == 20
    assert "Organisation 19</a>" in text and "Organisation 20</a>" not in text
    assert '<a href="?participants=all#participants">All 23 participants</a>' in text
    text = reader.get(case.get_absolute_url() + "?participants=all").text
    assert text.count("<tr><td>") == 23
    assert "All 23 participants" not in text


def test_only_curators_see_the_notes_label_and_a_reading_to_confirm(client, admin_user):
    video = f.make_source(kind="video", title="Webinar")
    citation = f.make_citation(video, quotation="Roles matter.", needs_review=True)
    challenge = f.make_challenge(citations=[citation])
    text = client.get(challenge.get_absolute_url()).text
    assert "Roles matter." in text and ">27:33</a>" in text
    assert "notes label" not in text and "reading to be confirmed" not in text
    client.force_login(admin_user)
    text = client.get(challenge.get_absolute_url()).text
    assert "(notes label 27:33:00)" in text
    assert "reading to be confirmed" in text
