"""A record page groups its citations by stance; JSON, downloads and source
pages carry the stance; nothing of a draft shows."""

import csv
import io
import json

import pytest

from collabkb.models import Source, Stance, Status
from tests import factories as f

pytestmark = pytest.mark.django_db


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def section(html, heading_id):
    """The HTML of the section labelled by ``heading_id``, or ""."""
    start = html.find(f'aria-labelledby="{heading_id}"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


@pytest.fixture
def lesson():
    """A practice with a supporting, a qualifying and an opposing quotation."""
    report = f.make_source(slug="report", title="The report")
    practice = f.make_practice(title="Form data-sharing agreements", slug="agreements")
    quotes = {}
    for stance, words in [
        (Stance.SUPPORTS, "The agreement set out who owned the data."),
        (Stance.QUALIFIES, "It helped, once the lawyers had left the room."),
        (Stance.ARGUES_OTHERWISE, "There should have been less binding paperwork."),
    ]:
        quotes[stance] = f.make_citation(report, quotation=words, speaker_role="university")
        f.attach(practice, quotes[stance], stance)
    return practice, quotes


def test_the_page_shows_each_stance_under_its_own_heading(client, lesson):
    practice, quotes = lesson
    html = client.get(practice.get_absolute_url()).content.decode()
    supporting = section(html, "citations-heading")
    qualifying = section(html, "qualifying-heading")
    arguing = section(html, "arguing-heading")
    assert "Where the sources say so" in supporting
    assert "Where the sources add a condition or a limit" in qualifying
    assert "Where the sources argue otherwise" in arguing
    assert quotes[Stance.SUPPORTS].quotation in supporting
    assert quotes[Stance.QUALIFIES].quotation in qualifying
    assert quotes[Stance.ARGUES_OTHERWISE].quotation in arguing
    assert quotes[Stance.ARGUES_OTHERWISE].quotation not in supporting + qualifying


def test_a_record_with_no_supporting_citation_says_so_and_shows_the_others(client):
    quote = f.make_citation(quotation="It did not work for us.")
    challenge = f.make_challenge(title="Weak ties")
    f.attach(challenge, quote, Stance.ARGUES_OTHERWISE)
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "No source says so outright" in section(html, "citations-heading")
    assert "It did not work for us." in section(html, "arguing-heading")
    assert 'aria-labelledby="qualifying-heading"' not in html


def test_the_json_and_the_downloads_carry_the_stance(client, lesson):
    practice, quotes = lesson
    data = client.get(practice.get_absolute_url(), {"format": "json"}).json()
    stances = {c["quotation"]: c["stance"] for c in data["citations"]}
    assert stances == {
        quotes[Stance.SUPPORTS].quotation: "supports",
        quotes[Stance.QUALIFIES].quotation: "qualifies",
        quotes[Stance.ARGUES_OTHERWISE].quotation: "argues otherwise",
    }
    listed = json.loads(streamed(client.get("/practices/", {"format": "json"})))["results"]
    assert {c["stance"] for c in listed[0]["citations"]} == set(stances.values())
    text = streamed(client.get("/practices/", {"format": "csv"}))
    [row] = list(csv.DictReader(io.StringIO(text)))
    cells = row["citations"].split(" | ")
    assert sum(cell.endswith("(argues otherwise)") for cell in cells) == 1
    assert sum(cell.endswith("(qualifies)") for cell in cells) == 1
    assert sum(cell.endswith(")") for cell in cells) == 2  # support is not marked


def test_a_place_lists_its_records_with_the_stance_where_it_is_not_support(client):
    video = f.make_source(kind=Source.Kind.VIDEO, slug="webinar", title="The webinar")
    moment = f.make_citation(video, timestamp_label="2:00", second=120)
    f.attach(f.make_challenge(title="Backs it"), moment, Stance.SUPPORTS)
    f.attach(f.make_practice(title="Doubts it"), moment, Stance.ARGUES_OTHERWISE)
    f.attach(f.make_case(title="Limits it"), moment, Stance.QUALIFIES)
    for url in ("/sources/webinar/t/120/", "/sources/webinar/"):
        html = client.get(url).content.decode()
        item = html[html.index("Backs it") : html.index("</li>", html.index("Backs it"))]
        assert "this place" not in item
        item = html[html.index("Doubts it") : html.index("</li>", html.index("Doubts it"))]
        assert "this place argues otherwise" in item
        item = html[html.index("Limits it") : html.index("</li>", html.index("Limits it"))]
        assert "this place qualifies" in item


def test_a_drafts_stance_never_shows(client):
    video = f.make_source(kind=Source.Kind.VIDEO, slug="webinar", title="The webinar")
    moment = f.make_citation(video, timestamp_label="2:00", second=120)
    f.attach(f.make_challenge(title="Published"), moment, Stance.SUPPORTS)
    draft = f.make_practice(title="Draft against it", status=Status.DRAFT)
    f.attach(draft, moment, Stance.ARGUES_OTHERWISE)
    for url in ("/sources/webinar/t/120/", "/sources/webinar/", "/challenges/"):
        html = client.get(url).content.decode()
        assert "Draft against it" not in html and "argues otherwise" not in html
    assert client.get(draft.get_absolute_url()).status_code == 404
