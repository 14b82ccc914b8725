"""The about page: what CollabKB holds, its sources, how to read links and stances."""

import pytest

from collabkb.models import Source
from practices.models import Practice
from tests import factories as f
from tests.content import REPORT_SLUG, VIDEO_SLUG

pytestmark = pytest.mark.django_db


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_every_page_s_footer_links_to_the_about_page(client):
    challenge = f.make_challenge(title="Cultural norms")
    for address in ("/", "/challenges/", challenge.get_absolute_url(), "/no-such-page/"):
        footer = client.get(address).text.split('<footer class="site-footer">')[1]
        assert 'href="/about/"' in footer, address


@pytest.mark.usefixtures("shipped_content")
def test_it_names_both_sources_with_the_links_their_pages_give(client):
    html = client.get("/about/").text
    sources = section(html, "sources-heading")
    report = Source.objects.get(slug=REPORT_SLUG)
    assert f'<a href="/sources/{VIDEO_SLUG}/">' in sources
    assert f'<a href="/sources/{REPORT_SLUG}/">{report.title}</a>' in sources
    # The video's own address, as its source page gives it; the report has none.
    assert '<a href="https://www.youtube.com/watch?v=nGjuo-7sUXM">Watch the video</a>' in sources
    assert "no address for the document" in sources
    assert "[descriptive title, ours]" in sources


@pytest.mark.usefixtures("shipped_content")
def test_it_says_what_stated_our_reading_and_each_stance_mean(client):
    html = client.get("/about/").text
    basis = section(html, "basis-heading")
    assert "stated" in basis and "our reading" in basis
    stances = section(html, "stance-heading")
    for stance, heading in (
        ("supports", "Where the sources say so"),
        ("qualifies", "Where the sources add a condition or a limit"),
        ("argues otherwise", "Where the sources argue otherwise"),
    ):
        assert f"<dt>{stance}</dt>" in stances and heading in stances
    strength, planner = section(html, "strength"), section(html, "planner")
    assert "How strength is read" in strength and "Interview mentions" in strength
    assert "How the planner ranks" in planner and "by its own reading" in planner


@pytest.mark.usefixtures("uncached")
def test_it_gives_the_licence_and_how_to_report_an_error(client, settings):
    settings.CONTENT_LICENCE = {"name": "CC BY 4.0", "url": "https://example.org/by"}
    html = client.get("/about/").text
    assert '<a href="https://example.org/by" rel="license">CC BY 4.0</a>' in section(
        html, "licence-heading"
    )
    errors = section(html, "errors-heading")
    assert "the place in the source that shows it" in errors
    assert "does not give an address for reports yet" in errors
    settings.CORRECTIONS_ADDRESS = "mailto:curators@example.org"
    errors = section(client.get("/about/").text, "errors-heading")
    assert '<a href="mailto:curators@example.org">Report an error to the curators</a>' in errors


@pytest.mark.usefixtures("shipped_content", "uncached")
def test_it_links_to_the_report_s_first_message_only_while_it_is_published(client):
    address = 'href="/practices/fit-the-practices-to-your-context/"'
    assert address in client.get("/about/").text
    Practice.objects.filter(slug="fit-the-practices-to-your-context").update(status="draft")
    assert address not in client.get("/about/").text


def test_it_is_in_the_sitemap(client):
    assert "http://testserver/about/</loc>" in client.get("/sitemap-pages.xml").text
