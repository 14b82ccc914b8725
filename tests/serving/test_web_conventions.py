"""sitemap.xml, robots.txt, the Atom feed, and each page's canonical link and Open Graph tags."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb.web import sitemaps
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    records = f.make_linked_set()
    records["draft"] = f.make_challenge(slug="secret-draft", title="Secret draft", status="draft")
    return records


def sitemap_documents(client):
    """The sitemap index's text and {address: text} of each section page it lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    addresses = re.findall(r"<sitemap><loc>http://testserver([^<]+)</loc></sitemap>", response.text)
    pages = {address: client.get(address) for address in addresses}
    assert all(page.status_code == 200 for page in pages.values()), addresses
    return response.text, {address: page.text for address, page in pages.items()}


def locations(client):
    _, pages = sitemap_documents(client)
    found = [re.findall(r"<loc>http://testserver([^<]+)</loc>", text) for text in pages.values()]
    return [location for page in found for location in page]


def test_the_sitemap_is_an_index_of_its_sections(client, linked):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    text = response.text
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    )
    assert text.endswith("</sitemapindex>\n")
    sections = ["pages", "sources", "moments", "challenges", "practices", "cases", "organisations"]
    assert re.findall(r"<loc>http://testserver/sitemap-([a-z]+)\.xml</loc>", text) == sections
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_sitemap_lists_published_records_sources_and_moments_only(client, linked):
    found = locations(client)
    assert len(found) == len(set(found))
    for name in ("challenge", "practice", "case", "organisation", "video", "report"):
        assert linked[name].get_absolute_url() in found, name
    moment = linked["video"].citations.get()
    assert f"/sources/{linked['video'].slug}/t/{moment.second}/" in found
    assert "/" in found and "/challenges/" in found and "/organisations/" in found
    assert not any("secret-draft" in location for location in found)
    unused = f.make_source(slug="cited-by-nothing")
    assert unused.get_absolute_url() not in locations(client)


def test_each_sitemap_entry_says_how_often_it_changes_and_a_record_when_it_did(client, linked):
    challenge = linked["challenge"]
    response = client.get("/sitemap-challenges.xml")
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    text = response.text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')
    assert text.endswith("</urlset>\n")
    day = challenge.updated.date().isoformat()
    assert (
        f"<url><loc>http://testserver{challenge.get_absolute_url()}</loc>"
        f"<lastmod>{day}</lastmod><changefreq>monthly</changefreq></url>"
    ) in text
    pages = client.get("/sitemap-pages.xml").text
    assert "<url><loc>http://testserver/</loc><changefreq>weekly</changefreq></url>" in pages
    video = linked["video"].get_absolute_url()
    sources = client.get("/sitemap-sources.xml").text
    assert f"<url><loc>http://testserver{video}</loc><changefreq>yearly</changefreq>" in sources
    for page in ("1", "0", "two"):  # read as the first page
        assert client.get(f"/sitemap-challenges.xml?p={page}").text == text
    assert client.get("/sitemap-challenges.xml?p=2").status_code == 404  # it fits on one


def test_a_section_of_the_sitemap_comes_in_pages_of_a_bounded_size(client, linked, monkeypatch):
    monkeypatch.setattr(sitemaps, "SIZE", 2)
    challenges = [f.make_challenge() for _ in range(3)]  # with the linked set's two: 5
    index, pages = sitemap_documents(client)
    assert "<loc>http://testserver/sitemap-challenges.xml?p=3</loc>" in index
    assert "/sitemap-challenges.xml?p=4" not in index
    assert client.get("/sitemap-challenges.xml?p=4").status_code == 404
    for text in pages.values():
        assert 1 <= text.count("<url>") <= 2
    found = locations(client)
    for challenge in [*challenges, linked["challenge"]]:
        assert found.count(challenge.get_absolute_url()) == 1


@pytest.mark.parametrize("zone, day", [("UTC", "2026-12-07"), ("America/New_York", "2026-12-06")])
def test_a_records_sitemap_date_is_its_day_in_the_sites_time_zone(
    client, settings, linked, zone, day
):
    settings.TIME_ZONE = zone
    challenge = linked["challenge"]
    type(challenge).objects.filter(pk=challenge.pk).update(
        updated=datetime(2026, 12, 7, 2, 30, tzinfo=UTC)
    )
    text = client.get("/sitemap-challenges.xml").text
    assert f"{challenge.get_absolute_url()}</loc><lastmod>{day}</lastmod>" in text


def test_robots_points_at_the_sitemap_index_and_keeps_out_of_the_admin(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "<sitemapindex " in client.get("/sitemap.xml").text
    assert "Disallow: /admin/" in text


def test_the_feed_gives_the_newest_published_records_as_atom(client, linked):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.text
    assert "<title>Challenge: " in text and "<title>Case: " in text
    assert linked["case"].get_absolute_url() in text
    assert "Secret draft" not in text


@pytest.mark.parametrize(
    "address", ["/sitemap.xml", "/sitemap-moments.xml", "/sitemap-practices.xml", "/feed/"]
)
def test_the_sitemap_and_feed_take_the_same_queries_whatever_the_size(client, address):
    counts = []
    for _ in range(2):
        for _ in range(3):
            f.make_linked_set()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/challenges/",
        "record",
        "/sources/",
        "/tags/",
        "/search/?q=trust",
        "/about/",
        "/glossary/",
    ],
)
def test_every_page_has_a_canonical_link_a_description_and_open_graph_tags(client, linked, page):
    address = linked["challenge"].get_absolute_url() if page == "record" else page
    text = client.get(address).text
    path = address.split("?")[0]
    assert f'<link rel="canonical" href="http://testserver{path}">' in text
    assert f'<meta property="og:url" content="http://testserver{path}">' in text
    title = re.search(r"<title>(.*?) · CollabKB</title>", text).group(1)
    assert f'<meta property="og:title" content="{title}">' in text
    description = re.search(r'<meta name="description" content="([^"]+)">', text).group(1)
    assert len(description) > 20
    assert f'<meta property="og:description" content="{description}">' in text
    assert 'type="application/atom+xml"' in text


def test_a_record_is_an_article_to_open_graph(client, linked):
    text = client.get(linked["case"].get_absolute_url()).text
    assert '<meta property="og:type" content="article">' in text


def test_a_bad_host_header_answers_400_and_is_logged_in_one_line(client):
    import io
    import logging

    handler = logging.getLogger("django.security.DisallowedHost").handlers[0]
    kept = io.StringIO()
    previous = handler.setStream(kept)
    try:
        response = client.get("/", headers={"host": "evil.example"})
    finally:
        handler.setStream(previous)
    assert response.status_code == 400
    lines = kept.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Invalid HTTP_HOST header: 'evil.example'" in lines[0]
