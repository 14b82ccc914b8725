"""Sources, moments, tags and the home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb.models import Source
from collabkb.published import sources
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def video():
    return f.make_source(kind=Source.Kind.VIDEO, slug="webinar", title="The webinar")


def test_the_timeline_lists_moments_in_time_order_with_their_records(client, video):
    late = f.make_citation(video, timestamp_label="01:19:57", second=4797, needs_review=True)
    early = f.make_citation(video, timestamp_label="07:39:00", second=459)
    f.make_challenge(title="Cultural norms", citations=[early, late])
    response = client.get("/sources/webinar/")
    text = response.text
    assert text.index("7:39") < text.index("1:19:57")
    assert "https://www.youtube.com/watch?v=nGjuo-7sUXM&amp;t=4797s" in text
    assert 'id="t-459"' in text
    assert "Cultural norms" in text


@pytest.mark.parametrize(
    "address", ["/sources/webinar/", "/sources/webinar/t/4797/", "/challenges/doubted/"]
)
def test_readers_see_times_and_curators_also_see_labels_and_doubts(
    client, admin_client, video, address
):
    doubted = f.make_citation(video, timestamp_label="01:19:57", second=4797, needs_review=True)
    f.make_challenge(title="Doubted", slug="doubted", citations=[doubted])
    reader = client.get(address).text
    assert "1:19:57" in reader
    assert "01:19:57" not in reader and "to be confirmed" not in reader
    assert "otes label" not in reader
    curator = admin_client.get(address).text
    assert "01:19:57" in curator and "reading to be confirmed" in curator


def test_a_moment_shows_its_records_and_its_neighbours(client, video):
    first = f.make_citation(video, timestamp_label="1:00", second=60)
    middle = f.make_citation(video, timestamp_label="2:00", second=120)
    last = f.make_citation(video, timestamp_label="3:00", second=180)
    f.make_practice(title="Cited in the middle", citations=[middle])
    f.make_practice(title="Cited first", citations=[first, last])
    response = client.get("/sources/webinar/t/120/")
    assert response.status_code == 200
    assert "Cited in the middle" in response.text
    assert "Cited first" not in response.text
    assert (response.context["previous"], response.context["following"]) == (60, 180)
    assert "/sources/webinar/t/60/" in response.text


@pytest.mark.parametrize("url", ["/sources/webinar/t/61/", "/sources/webinar/t/abc/"])
def test_a_moment_nothing_cites_is_a_404(client, video, url):
    f.make_citation(video, timestamp_label="1:00", second=60)
    assert client.get(url).status_code == 404


def test_the_outline_lists_places_in_document_order_with_quotations(client):
    report = f.make_source(slug="report", title="The report")
    later = f.make_citation(
        report,
        locator_kind="appendix",
        locator="Appendix 4",
        position=90,
        quotation="We had the buy in from the top.",
        speaker_role="university",
    )
    earlier = f.make_citation(report, locator_kind="table", locator="Table 3", position=39)
    f.make_challenge(title="Role clarity", citations=[earlier])
    f.make_practice(title="Lesson 3", citations=[later])
    text = client.get("/sources/report/").text
    assert text.index('id="table-3"') < text.index('id="appendix-4"')
    assert "We had the buy in from the top." in text
    assert "University actor" in text
    assert text.index("Role clarity") < text.index("Lesson 3")


def test_the_sources_page_lists_each_source_with_its_citation_count(client, video):
    f.make_challenge(citations=[f.make_citation(video)])
    f.make_citation(video, timestamp_label="12:00:00", second=720)  # cited by no record
    response = client.get("/sources/")
    assert "The webinar" in response.text and "1 citation" in response.text


def test_a_source_and_its_places_are_public_only_through_published_records(client, video):
    quoted = f.make_citation(video, quotation="Said in a draft only.")
    f.make_challenge(citations=[quoted], status="draft")
    assert "The webinar" not in client.get("/sources/").text
    assert client.get("/sources/webinar/").status_code == 404
    assert client.get(quoted.get_absolute_url()).status_code == 404
    f.make_practice(citations=[quoted])
    assert "Said in a draft only." in client.get("/sources/webinar/").text


def test_the_tags_page_counts_published_records_and_a_tag_groups_them(client):
    f.make_challenge(title="Trusting", tags=["trust"])
    f.make_practice(title="Building trust", tags=["trust"])
    f.make_case(title="Draft case", tags=["trust"], status="draft")
    index = client.get("/tags/")
    assert [(item["tag"].name, item["total"]) for item in index.context["tags"]] == [("trust", 2)]
    detail = client.get("/tags/trust/")
    assert [group["kind"].label_plural for group in detail.context["groups"]] == [
        "Challenges",
        "Practices",
    ]
    assert "Draft case" not in detail.text


def test_a_long_tag_page_shows_the_first_of_each_kind_and_leads_to_all(client):
    for n in range(25):
        f.make_challenge(title=f"Challenge {n:02d}", tags=["trust"])
        f.make_organisation(title=f"Org {n:02d}", tags=["trust"])
    text = client.get("/tags/trust/").content.decode()
    assert "Challenge 19" in text and "Challenge 20" not in text
    assert 'href="/challenges/?tag=trust">All 25 challenges' in text
    assert 'href="/organisations/?tag=trust">All 25 organisations' in text
    every = client.get("/tags/trust/?kind=organisations").content.decode()
    assert all(f"Org {n:02d}" in every for n in range(25))


def test_the_home_page_leads_with_what_the_sources_emphasise(client, video):
    named = f.make_challenge(title="Named first", citations=[f.make_citation(video, second=60)])
    later = f.make_challenge(title="A later one", citations=[f.make_citation(video, second=900)])
    # Cited many times, but only as a qualification: the webinar does not name it.
    qualified = f.make_challenge(title="Qualified")
    for second in (30, 40, 50):
        f.attach(qualified, f.make_citation(video, second=second), "qualifies")
    f.make_challenge(title="Draft", status="draft", citations=[f.make_citation(video, second=10)])
    f.make_challenge(title="Mentioned", mentions=4)
    f.make_challenge(title="Mentioned most", mentions=10)
    response = client.get("/")
    assert response.status_code == 200
    [(kind, mentioned)] = response.context["mentioned"]
    assert [c.title for c in mentioned] == ["Mentioned most", "Mentioned"]
    [(kind, [names])] = response.context["named"]
    assert names.source == video and names.records == [named, later]
    assert "The challenges named in The webinar" in response.text
    assert 'Mentioned most</a> <span class="muted">— 10 mentions' in response.text
    assert "Most-cited" not in response.text
    for link in ("/challenges/", "/practices/", "/cases/", "/sources/", "/tags/"):
        assert f'href="{link}"' in response.text
    assert "The webinar" in response.text


def test_a_crowded_place_shows_the_first_records_and_leads_to_all_of_them(client, video):
    moment = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    report = f.make_source(slug="report", title="The report")
    table = f.make_citation(report, locator="Table 3")
    for n in range(20):
        f.make_challenge(title=f"Barrier {n:02d}", citations=[moment, table])
    timeline = client.get("/sources/webinar/").content.decode()
    assert "Barrier 11" in timeline and "Barrier 12" not in timeline
    assert 'href="/sources/webinar/t/1692/">Every record and quotation at 28:12' in timeline
    assert "Barrier 19" in client.get("/sources/webinar/t/1692/").content.decode()
    outline = client.get("/sources/report/").content.decode()
    assert "Barrier 12" not in outline and 'href="?place=table-3#table-3"' in outline
    whole = client.get("/sources/report/?place=table-3").content.decode()
    assert all(f"Barrier {n:02d}" in whole for n in range(20))
    assert "No place" in client.get("/sources/report/?place=nowhere").content.decode()


def test_a_crowded_place_says_how_many_more_records_and_quotations_its_page_has(client):
    report = f.make_source(slug="report", title="The report")
    quoted = [
        f.make_citation(report, locator="Table 3", position=3, quotation=f"Said {n:02d}.")
        for n in range(9)
    ]
    table = f.make_citation(report, locator="Table 3", position=3)
    other = f.make_citation(report, locator="Table 4", position=4, quotation="Said elsewhere.")
    for n in range(14):
        f.make_practice(title=f"Lesson {n:02d}", citations=[table, table, *quoted[:1]])
    f.make_challenge(title="Barrier", citations=[*quoted, other])
    f.make_challenge(title="A draft", citations=[table], status="draft")
    text = client.get("/sources/report/").content.decode()
    table_3 = text[text.index('id="table-3"') : text.index('id="table-4"')]
    # 15 published records cite table 3 (each once, whatever its citations
    # there), 12 are listed; 9 quotations, 6 shown.
    assert "Barrier" in table_3 and "Lesson 10" in table_3 and "Lesson 11" not in table_3
    assert "Said 05." in table_3 and "Said 06." not in table_3
    assert "9 quotations from this place" in table_3
    assert "Every record and quotation from Table 3</a>: 3 more records and 3 more quotations" in (
        table_3
    )
    assert "Every record and quotation from Table 4" not in text
    whole = client.get("/sources/report/?place=table-3").content.decode()
    assert "Lesson 13" in whole and "Said 08." in whole and "A draft" not in whole
    assert "more record" not in whole


def test_a_moment_with_more_records_than_its_timeline_shows_counts_them(client, video):
    moment = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    for n in range(13):
        f.make_case(title=f"Case {n:02d}", citations=[moment])
    text = client.get("/sources/webinar/").content.decode()
    assert "Every record and quotation at 28:12</a>: 1 more record</p>" in text


def test_source_pages_keep_nothing_between_requests_and_show_a_write_at_once(
    client, video, uncached
):
    early = f.make_citation(video, timestamp_label="1:00", second=60)
    f.make_challenge(title="Early", citations=[early])
    for url in ["/sources/webinar/", "/sources/webinar/t/60/"]:
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url).status_code == 200
        assert len(warm) == len(cold)
    later = f.make_citation(video, timestamp_label="2:00", second=120)
    f.make_practice(title="Later", citations=[later])
    assert 'rel="next" href="/sources/webinar/t/120/"' in client.get("/sources/webinar/t/60/").text
    assert "Later" in client.get("/sources/webinar/").text
    assert client.get("/sources/webinar/t/120/").status_code == 200


def test_a_long_timeline_comes_in_pages_of_moments(client, video, monkeypatch):
    monkeypatch.setattr(sources, "MOMENTS_PER_PAGE", 2)
    for minute in range(1, 6):
        moment = f.make_citation(video, timestamp_label=f"{minute}:00", second=minute * 60)
        f.make_challenge(title=f"Cited at minute {minute}", citations=[moment])
    draft = f.make_citation(video, timestamp_label="0:30", second=30)
    f.make_challenge(title="A draft's", citations=[draft], status="draft")
    first = client.get("/sources/webinar/").text
    assert "5 moments, in time order; here 1–2." in first
    assert "Cited at minute 1" in first and "Cited at minute 2" in first
    assert "Cited at minute 3" not in first and "0:30" not in first
    assert '<a rel="next" href="?page=2">' in first and 'rel="prev"' not in first
    assert "Page 1 of 3" in first
    second = client.get("/sources/webinar/?page=2").text
    assert "here 3–4." in second and '<ol class="timeline" start="3">' in second
    assert "Cited at minute 3" in second and "Cited at minute 4" in second
    assert "Cited at minute 2" not in second and "Cited at minute 5" not in second
    assert '<a rel="prev" href="?page=1">' in second and '<a rel="next" href="?page=3">' in second
    last = client.get("/sources/webinar/?page=3").text
    assert "here 5–5." in last and "Cited at minute 5" in last and 'rel="next"' not in last
    assert client.get("/sources/webinar/?page=9").text == last  # past the end: the last page
    assert client.get("/sources/webinar/?page=x").text == first


def test_a_page_of_a_timeline_reads_the_same_queries_however_long_the_video(
    client, video, monkeypatch, uncached
):
    monkeypatch.setattr(sources, "MOMENTS_PER_PAGE", 2)
    counts = []
    for grown in range(2):
        for n in range(10):
            second = grown * 1000 + n
            moment = f.make_citation(video, timestamp_label=f"{second}", second=second)
            f.make_practice(citations=[moment])
        for page in (1, 2, 5):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/sources/webinar/?page={page}").status_code == 200
            counts.append(len(queries))
    assert len(set(counts)) == 1, counts
