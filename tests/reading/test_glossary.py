"""The glossary, the feed and the sources' own addresses: what a reader
expects to find from any page."""

import re
from xml.etree import ElementTree

import pytest

from collabkb.models import Source
from collabkb.text import copies
from collabkb.web.glossary import TERMS
from tests import factories as f
from tests.content import REPORT, REPORT_SLUG, SOURCES, VIDEO_SLUG, source_text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _terms(text):
    """{term: (its definition, the places it links to)} on the glossary page."""
    found = re.findall(
        r'<dt id="([^"]+)">[^<]+</dt>\s*<dd>\s*<p>(.*?)</p>\s*<p class="cited">(.*?)</p>',
        text,
        re.S,
    )
    return {
        slug: (definition, re.findall(r'href="([^"]+)"', cited))
        for slug, definition, cited in found
    }


def test_the_glossary_is_in_our_words():
    source_text(REPORT)
    runs = copies.runs_of_documents(SOURCES, 8)
    for term in TERMS:
        assert copies.copied(term.definition, runs, 8) == "", term.term


def test_a_term_shows_only_places_a_published_record_cites(client):
    report = f.make_source(slug=REPORT_SLUG, title="The report")
    lesson = f.make_citation(report, key="catalyst-es-lesson-2", locator="Lesson #2")
    insight = f.make_citation(report, key="catalyst-bp-insight-5", locator="Insight #5")
    f.make_practice(citations=[lesson])
    f.make_practice(citations=[insight], status="draft")
    terms = _terms(client.get("/glossary/").text)
    assert list(terms) == ["boundary-spanner"]
    assert terms["boundary-spanner"][1] == [
        f"/sources/{REPORT_SLUG}/?place=lesson-2",
        f"/sources/{REPORT_SLUG}/",
    ]


def test_an_empty_glossary_says_why(client):
    text = client.get("/glossary/").text
    assert "No published record cites the places the glossary" in text


def test_every_page_links_the_glossary_and_the_feed_in_its_footer(client):
    linked = f.make_linked_set()
    for address in ["/", "/about/", linked["challenge"].get_absolute_url(), "/glossary/"]:
        text = client.get(address).text
        footer = text[text.index('<footer class="site-footer">') :]
        assert 'href="/glossary/"' in footer, address
        assert 'href="/feed/" type="application/atom+xml"' in footer, address
    about = client.get("/about/").text
    assert 'href="/glossary/">glossary</a>' in about


def test_a_challenge_links_its_dimension_and_level_to_the_glossary(client):
    challenge = f.make_challenge(dimension="relational", levels=["project"])
    text = client.get(challenge.get_absolute_url()).text
    assert 'Relational <a href="/glossary/#dimension">dimension</a>' in text
    assert 'Project <a href="/glossary/#level">level</a>' in text


def test_the_feed_gives_each_entry_an_absolute_id(client):
    linked = f.make_linked_set()
    feed = ElementTree.fromstring(client.get("/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) >= 4
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert all(id.startswith("http://testserver/") for id in ids), ids
    assert f"http://testserver{linked['case'].get_absolute_url()}" in ids


def test_a_source_links_to_where_it_is_published_when_it_gives_it(client):
    video = f.make_source(
        kind=Source.Kind.VIDEO, slug="webinar", url="https://www.youtube.com/watch?v=nGjuo-7sUXM"
    )
    report = f.make_source(slug="report", url="")
    f.make_challenge(citations=[f.make_citation(video), f.make_citation(report)])
    page = client.get("/sources/webinar/").text
    assert '<a href="https://www.youtube.com/watch?v=nGjuo-7sUXM">Watch the video' in page
    assert "(www.youtube.com)" in page
    index = client.get("/sources/").text
    assert '<a href="https://www.youtube.com/watch?v=nGjuo-7sUXM">Where it is published' in index
    assert index.count("Where it is published") == 1  # the report gives no address
    page = client.get("/sources/report/").text
    assert "does not say where the report is published" in page


# Last: the shipped content, once loaded, stays for the rest of the module.
@pytest.mark.usefixtures("shipped_content")
def test_the_glossary_defines_the_terms_the_records_use_each_cited(client):
    response = client.get("/glossary/")
    assert response.status_code == 200
    terms = _terms(response.text)
    for slug in (
        "boundary-spanner",
        "interface-management",
        "mini-lateralism",
        "proposition",
        "dimension",
        "level",
    ):
        assert slug in terms, slug
    assert list(terms) == [term.slug for term in TERMS]  # every term's places are public
    for slug, (definition, links) in terms.items():
        assert len(definition) > 60, slug
        assert links, slug
        for link in links:  # each place and its source open
            assert client.get(link).status_code == 200, (slug, link)
    assert f"/sources/{VIDEO_SLUG}/t/5741/" in terms["mini-lateralism"][1]
    assert f"/sources/{REPORT_SLUG}/?place=table-2" in terms["level"][1]


@pytest.mark.usefixtures("shipped_content")
def test_the_shipped_report_has_no_address_since_it_gives_none(client):
    # Neither the report's text nor the sources' README says where it is
    # published: CollabKB makes up no address for it.
    assert Source.objects.get(slug=REPORT_SLUG).url == ""
    assert (
        "does not say where the report is published" in client.get(f"/sources/{REPORT_SLUG}/").text
    )
