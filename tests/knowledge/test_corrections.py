"""What a reader sees of the corrections made against the sources: no name,
place or sector the sources do not give, the report's title marked as ours,
corrected spellings shown with the source's own."""

import csv
import io

import pytest

from cases.models import Case, Organisation
from collabkb.models import Citation, Source
from practices.models import Practice, Series
from tests.content import REPORT, REPORT_SLUG, source_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

NOTE = "[descriptive title, ours]"


def report_text():
    """The report with its line breaks and runs of spaces as single spaces."""
    return " ".join(source_text(REPORT).split())


def report_title():
    return Source.objects.get(slug=REPORT_SLUG).title.removesuffix(f" {NOTE}")


def test_the_report_s_title_is_not_in_the_text_we_hold():
    # The note is true only while the extracted text lacks the title.
    assert report_title() not in source_text(REPORT)
    assert Source.objects.get(slug=REPORT_SLUG).title.endswith(NOTE)


def pages_showing_the_report_title():
    series = Series.objects.filter(source__slug=REPORT_SLUG).order_by("slug").first()
    place = Citation.objects.filter(source__slug=REPORT_SLUG).order_by("key").first()
    cited = Case.objects.get(slug="california-policy-lab")
    return [
        "/",
        "/sources/",
        "/about/",
        f"/sources/{REPORT_SLUG}/",
        place.get_place_url(),
        series.get_absolute_url(),
        cited.get_absolute_url(),
        "/cases/",
        "/challenges/",
        "/practices/",
        "/organisations/",
        "/map/",
        "/search/?q=ivory+tower",
    ]


def test_every_page_showing_the_report_s_title_shows_its_note(client):
    title = report_title()
    for address in pages_showing_the_report_title():
        text = client.get(address).text
        assert f"{title} {NOTE}" in text, address
        assert text.count(title) == text.count(f"{title} {NOTE}"), address


def test_a_record_s_json_gives_the_report_s_title_with_its_note(client):
    data = client.get("/cases/california-policy-lab/?format=json").json()
    titles = {citation["source"] for citation in data["citations"]}
    assert f"{report_title()} {NOTE}" in titles


def test_datasf_is_where_the_report_puts_it_and_no_city_government_takes_part(client):
    text = client.get("/cases/datasf/").text
    assert "an ODA in California" in report_text()
    assert "California" in text and "San Francisco" not in text
    assert "San Francisco" not in client.get("/cases/datasf-data-quality-guidebook/").text
    assert not Organisation.objects.filter(title__icontains="County of San Francisco").exists()
    assert "San Francisco" not in client.get("/cases/map/").text.replace("San Francisco Police", "")


def test_no_summary_calls_a_government_or_a_platform_federal(client):
    uae = client.get("/organisations/government-of-the-united-arab-emirates/").text
    challenge_gov = client.get("/cases/challenge-gov/").text
    assert "federal" not in uae and "federal" not in challenge_gov
    assert "United States" not in challenge_gov


def test_the_collective_intelligence_moment_is_not_said_to_close_the_webinar(client):
    text = client.get("/practices/organising-collective-intelligence/").text
    assert "closes" not in text and "last paragraph of the notes" in text
    moment = Practice.objects.get(slug="organising-collective-intelligence").citations.get()
    assert moment.second < 3600


@pytest.mark.parametrize(
    "slug", ["gic", "huawei", "unesco", "cetc-14th-institute", "open-data-institute"]
)
def test_an_organisation_the_source_only_names_has_no_sector(client, slug):
    organisation = Organisation.objects.get(slug=slug)
    assert organisation.sector == ""
    text = client.get(organisation.get_absolute_url()).text
    assert '<span class="kind-badge organisation">Organisation</span> sector not stated' in text
    assert "does not say what kind of organisation it is" in text
    for label in ("Private sector", "Public sector", "International body", "Non-profit"):
        assert label not in text.split("<main", 1)[-1].split("</main>")[0], label


def test_a_case_lists_participants_of_no_stated_sector_as_such(client):
    text = client.get("/cases/singapore-data-science-consortium/").text
    assert '>GIC</a></td><td data-label="Sector">not stated</td>' in text


def test_the_organisation_list_filters_on_a_sector_not_stated(client):
    listed = client.get("/organisations/").text
    assert "sector=not-stated" in listed and "Not stated" in listed
    text = client.get("/organisations/?sector=not-stated").text
    assert ">GIC<" in text and ">University of Essex<" not in text
    assert "No organisations with sector" not in text
    download = client.get("/organisations/?sector=not-stated&format=csv")
    rows = csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    sectors = {row["title"]: row["sector"] for row in rows}
    assert sectors["GIC"] == "" and set(sectors.values()) == {""}


def test_the_corrected_spellings_show_the_source_s_own(client):
    report = report_text()
    for address, ours, theirs in [
        ("/organisations/khalifa-university/", "Khalifa University", "Khalifia University"),
        (
            "/organisations/los-angeles-sheriffs-department/",
            "Los Angeles Sheriff’s Department",
            "Los Angeles Sherriff’s Department",
        ),
        ("/cases/shenzhen-research-institute-of-big-data/", "Precision medicine", "Prevision"),
        (
            "/cases/actionable-intelligence-for-social-policy/",
            "Juvenile justice",
            "Juvenile justices",
        ),
    ]:
        assert theirs in report
        text = client.get(address).text
        assert ours in text and f"“{theirs}" in text, address
