"""The admin as a curator meets it: links from both ends, citations, times, sign-in."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from collabkb.models import Citation, Source
from collabkb.text import timestamps
from tests import factories as f
from tests.admin_forms import form_data, post_form
from tests.curation.test_review import change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def video():
    return f.make_source(
        kind="video", slug="webinar", title="A long webinar title", short_name="OPSI webinar"
    )


def test_a_challenge_form_links_the_practices_that_address_it_and_the_cases_that_faced_it(
    admin_client,
):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(title="Define roles")
    case = f.make_case(title="A lab")
    response = post_form(
        admin_client,
        change_url(challenge),
        "challenge_form",
        **{
            "addressed_by_links-0-practice": str(practice.pk),
            "addressed_by_links-0-reason": "Roles named early.",
            "faced_by_links-0-case": str(case.pk),
            "faced_by_links-0-reason": "The lab met it.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(practice.addresses.all()) == [challenge]
    assert list(case.faced.all()) == [challenge]
    page = admin_client.get(change_url(challenge)).content.decode()
    assert "Addressing object" not in page and "Define roles" in page


def test_a_citation_reads_as_its_place_then_the_source(admin_client, video):
    moment = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    table = f.make_citation(
        f.make_source(title="The report", short_name="Catalyst report"), locator="Table 3"
    )
    assert str(moment) == "28:12 · OPSI webinar"
    assert str(table) == "Table 3 · Catalyst report"
    challenge = f.make_challenge(citations=[moment])
    page = admin_client.get(change_url(challenge)).content.decode()
    assert "28:12 · OPSI webinar" in page
    assert "citations object" not in page
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "challenges",
            "model_name": "challenge",
            "field_name": "citations",
            "term": "28",
        },
    )
    assert found.status_code in (200, 403)


def test_adding_a_citation_at_a_cited_place_offers_the_existing_one(admin_client, video):
    existing = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    response = post_form(
        admin_client,
        reverse("admin:collabkb_citation_add"),
        "citation_form",
        source=str(video.pk),
        timestamp_label="28:12",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "This place is already cited" in text
    assert reverse("admin:collabkb_citation_change", args=[existing.pk]) in text
    assert Citation.objects.count() == 1


def test_a_time_typed_as_a_person_writes_it_is_read_exactly(admin_client, video):
    for typed, second in (("1:14:05", 4445), ("12:34", 754)):
        response = post_form(
            admin_client,
            reverse("admin:collabkb_citation_add"),
            "citation_form",
            source=str(video.pk),
            timestamp_label=typed,
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        citation = Citation.objects.get(timestamp_label=typed)
        assert (citation.second, citation.needs_review) == (second, False)
    # The notes' own ambiguous labels are still flagged.
    assert timestamps.resolve("00:10:48") == timestamps.Reading(648, needs_review=True)
    assert timestamps.resolve("1:14:05") == timestamps.Reading(4445, needs_review=False)


def test_a_changed_label_is_read_again(admin_client, video):
    citation = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    post_form(admin_client, change_url(citation), "citation_form", timestamp_label="1:02:03")
    citation.refresh_from_db()
    assert citation.second == 3723


def test_unused_citations_are_listed_and_a_command_removes_them(admin_client, video):
    used = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    f.make_challenge(citations=[used], status="draft")
    unused = f.make_citation(video, timestamp_label="30:00:00", second=1800)
    page = admin_client.get(reverse("admin:collabkb_citation_changelist") + "?used=no")
    assert list(page.context["cl"].result_list) == [unused]
    out = io.StringIO()
    call_command("remove_unused_citations", "--dry-run", stdout=out)
    assert "1 unused" in out.getvalue() and Citation.objects.count() == 2
    call_command("remove_unused_citations", "--noinput", stdout=io.StringIO())
    assert list(Citation.objects.all()) == [used]


def test_the_admin_says_collabkb_and_shows_whole_titles(admin_client):
    record = f.make_challenge()
    page = admin_client.get(change_url(record)).content.decode()
    assert "<title>" in page and "CollabKB" in page
    assert "css/admin.css" in page
    assert "Django administration" not in page


def test_the_form_reader_reads_what_a_browser_would_post():
    html = (
        '<form id="f"><input name="a" value="1"><input type="checkbox" name="b" value="x" checked>'
        '<select name="c"><option value="1">1</option><option value="2" selected>2</option>'
        '</select><textarea name="d">\nhi</textarea></form>'
    )
    assert form_data(html, "f") == {"a": ["1"], "b": ["x"], "c": ["2"], "d": ["hi"]}
    assert Source.objects.count() == 0


def test_the_admin_refuses_a_summary_or_body_over_the_limit(admin_client):
    record = f.make_challenge(summary="Short.")
    for field, size in (("summary", 1_001), ("body", 50_001)):
        response = post_form(
            admin_client, change_url(record), "challenge_form", **{field: "x" * size}
        )
        assert response.status_code == 200
        assert f"at most {size - 1} characters" in response.content.decode()
    record.refresh_from_db()
    assert record.summary == "Short."
