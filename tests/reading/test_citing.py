"""Citations a reader can use: one short name, quotation anchors and permalinks,
"Cite this" with last update and licence."""

import json
import re

import pytest

from collabkb.models import Source
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    report = f.make_source(slug="report", title="A Very Long Report Title", short_name="The report")
    quoted = f.make_citation(
        report, key="quoted-1", quotation="We met every week.", speaker_role="university"
    )
    return f.make_challenge(title="Role {clarity}", slug="role-clarity", citations=[quoted])


def test_a_citation_names_its_source_once_by_its_short_name(client, record):
    text = client.get(record.get_absolute_url()).text
    start = text.index('id="citations-heading"')
    section = text[start : text.index("</section>", start)]
    assert section.count(">The report</a>") == 1
    assert ">A Very Long Report Title<" not in section


def test_a_quotation_has_an_anchor_and_a_permalink_that_shows_it(client, record):
    text = client.get(record.get_absolute_url()).text
    assert 'id="q-quoted-1"' in text
    permalink = re.search(r'href="([^"]+#q-quoted-1)"', text).group(1)
    page, anchor = permalink.split("#")
    target = client.get(page)
    assert target.status_code == 200
    assert f'id="{anchor}"' in target.text and "We met every week." in target.text


def test_a_video_quotation_links_to_its_moment(client):
    video = f.make_source(kind=Source.Kind.VIDEO, slug="webinar")
    said = f.make_citation(video, key="said-1", second=90, timestamp_label="1:30", quotation="Yes.")
    f.make_practice(citations=[said])
    text = client.get("/sources/webinar/t/90/").text
    assert 'id="q-said-1"' in text and 'href="/sources/webinar/t/90/#q-said-1"' in text


def test_a_record_page_offers_a_reference_bibtex_and_csl_json(client, record):
    text = client.get(record.get_absolute_url()).text
    url = "http://testserver/challenges/role-clarity/"
    day = record.updated
    assert f"Last updated {day.day} {day:%B %Y}" in text
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert "CollabKB. “Role {clarity}” (challenge). Last updated" in text
    bibtex = re.search(r"<pre><code>(@misc\{.*?)</code></pre>", text, re.S).group(1)
    assert "title = {Role (clarity)}" in bibtex  # braces would end the field
    assert f"url = {{{url}}}" in bibtex
    csl_text = re.findall(r"<pre><code>(\{.*?)</code></pre>", text, re.S)[0]
    csl = json.loads(csl_text.replace("&quot;", '"').replace("&#x27;", "'"))
    assert csl["title"] == "Role {clarity}" and csl["URL"] == url and csl["type"] == "webpage"
    assert csl["issued"]["date-parts"] == [[day.year, day.month, day.day]]
