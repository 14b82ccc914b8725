"""Record pages read their linked records, tags, series neighbours and what
is a record's own (a case's places, examples and participants, a challenge's
levels) one record at a time (collabkb.published), keeping nothing between
requests: a write shows at once, also to a reader the page cache leaves out,
and a curator's preview of an unpublished record still shows its links and
its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb import versions as content_versions
from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, uncached):
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


def test_a_long_list_of_linked_records_shows_the_first_and_a_link_to_all(reader):
    challenge = f.make_challenge(title="Trust")
    for n in range(23):
        f.make_practice(title=f"Lesson {n:02d}", addresses=[challenge])
    f.make_case(title="Catalyst").faced.add(challenge)
    text = reader.get(challenge.get_absolute_url()).text
    assert "Lesson 19</a>" in text and "Lesson 20</a>" not in text
    more = '<a href="?addressed-by=all#addressed-by">All 23 practices that address it</a>'
    assert more in text
    assert "All 1 " not in text  # a short list has no such link
    text = reader.get(challenge.get_absolute_url() + "?addressed-by=all&related=all").text
    assert all(f"Lesson {n:02d}</a>" in text for n in range(23))
    assert "All 23 practices" not in text
    assert ">Catalyst</a>" in text


def test_a_cases_places_examples_and_participants_show_writes_at_once(reader):
    university = f.make_organisation(title="Essex University", sector="academic")
    council = f.make_organisation(title="Essex Council", sector="public", country="")
    case = f.make_case(title="Catalyst", organisations=[university, council])
    url = case.get_absolute_url()
    text = reader.get(url).text
    assert '>Essex Council</a></td><td data-label="Sector">Public sector</td>' in text
    assert '<td data-label="Country">—</td>' in text
    assert "Project examples" not in text
    case.places.add(f.make_place(name="Colchester"))
    f.make_example(case, title="Open data hub", summary="A shared platform.")
    participation = case.participations.get(organisation=council)
    participation.role = "lead partner"
    participation.save()
    university.status = Status.DRAFT
    university.save()
    text = reader.get(url).text
    assert "Colchester" in text
    assert "<strong>Open data hub</strong><p>A shared platform.</p>" in text
    assert '<td data-label="Role">lead partner</td>' in text
    assert "Essex University" not in text


def test_a_preview_of_a_draft_case_shows_its_own_places_examples_participants(client, admin_user):
    case = f.make_case(
        title="Draft case",
        status=Status.DRAFT,
        organisations=[f.make_organisation(title="Essex University")],
    )
    case.places.add(f.make_place(name="Colchester"))
    f.make_example(case, title="Open data hub")
    client.force_login(admin_user)
    text = client.get(case.get_absolute_url()).text
    assert "Not public — draft." in text
    assert "Colchester" in text and "Open data hub" in text and ">Essex University</a>" in text


def test_a_challenges_levels_show_at_once_and_in_a_preview(reader, admin_user):
    challenge = f.make_challenge(levels=["project"])
    draft = f.make_challenge(levels=["individual", "environment"], status=Status.DRAFT)
    assert (
        'Project <a href="/glossary/#level">level</a>'
        in reader.get(challenge.get_absolute_url()).text
    )
    challenge.levels.add(f.level("organisation"))
    assert "Project, organisation <a" in reader.get(challenge.get_absolute_url()).text
    reader.force_login(admin_user)
    assert "Individual, environment <a" in reader.get(draft.get_absolute_url()).text


def test_an_organisation_shows_its_first_cases_and_writes_at_once(reader):
    organisation = f.make_organisation(title="Essex University", tags=["university"])
    cases = [f.make_case(title=f"Case {n:02d}", organisations=[organisation]) for n in range(22)]
    f.make_case(title="Draft case", organisations=[organisation], status=Status.DRAFT)
    url = organisation.get_absolute_url()
    text = reader.get(url).text
    assert "Case 19</a>" in text and "Case 20</a>" not in text and "Draft case" not in text
    assert '<a href="?cases=all#cases-heading">All 22 cases it takes part in</a>' in text
    assert 'href="/tags/university/">university</a>' in text
    cases[0].status = Status.DRAFT
    cases[0].save()
    organisation.tags.add("research")
    text = reader.get(url + "?cases=all").text
    assert "Case 00" not in text and "Case 21</a>" in text and "All 21" not in text
    assert 'href="/tags/research/">research</a>' in text


def test_a_renamed_source_shows_at_once_in_the_citations(reader):
    report = f.make_source(title="The report", short_name="Report")
    challenge = f.make_challenge(citations=[f.make_citation(report, locator="Table 3")])
    assert 'title="The report">Report</a>' in reader.get(challenge.get_absolute_url()).text
    report.short_name = "Catalyst report"
    report.save()
    text = reader.get(challenge.get_absolute_url()).text
    assert 'title="The report">Catalyst report</a>' in text


@pytest.mark.parametrize("kind", ["challenge", "practice", "case", "organisation"])
def test_a_record_page_keeps_nothing_between_requests_and_reads_no_content_version(
    reader, kind, monkeypatch
):
    linked = f.make_linked_set()
    url = linked[kind].get_absolute_url()
    versions = []
    read_version = content_versions.content_version
    monkeypatch.setattr(
        content_versions, "content_version", lambda: versions.append(1) or read_version()
    )
    with CaptureQueriesContext(connection) as cold:
        assert reader.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert reader.get(url).status_code == 200
    assert len(warm) == len(cold)
    assert versions == []


def test_a_citation_list_shows_writes_at_once_to_readers_and_curators(reader, admin_client):
    video = f.make_source(kind="video", title="Webinar")
    citation = f.make_citation(video, quotation="Roles matter.", needs_review=True)
    challenge = f.make_challenge(citations=[citation])
    url = challenge.get_absolute_url()
    assert "Roles matter." in reader.get(url).text
    assert "reading to be confirmed" in admin_client.get(url).text
    assert "reading to be confirmed" not in reader.get(url).text
    citation.quotation = "Roles matter most."
    citation.save()
    assert "Roles matter most." in reader.get(url).text
    challenge.citations.add(f.make_citation(video, quotation="A second voice."))
    assert "A second voice." in reader.get(url).text


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
