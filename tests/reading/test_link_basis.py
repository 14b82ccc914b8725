"""A reader sees each link's basis: stated, with its place, or our reading, with its reason."""

import csv
import io
import json

import pytest

from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


def stated_and_ours():
    """A practice addressing two challenges: one link stated by a table row
    both cite, one of our reading with its reason."""
    table = f.make_citation(locator="Table 3, row: data sharing agreements")
    shared = f.make_challenge(title="Data sharing across borders", citations=[table])
    trust = f.make_challenge(title="Low trust between partners")
    practice = f.make_practice(
        title="Agree on data sharing", citations=[table], addresses=[shared, trust]
    )
    stated = practice.addresses_links.get(challenge=shared)
    stated.basis = "stated"
    stated.save()
    stated.citations.set([table])
    ours = practice.addresses_links.get(challenge=trust)
    ours.reason = "An agreement signed early builds trust."
    ours.save()
    return practice, shared, trust, table


def test_a_record_page_marks_a_stated_link_with_its_place_and_ours_with_its_reason(client):
    practice, shared, trust, table = stated_and_ours()
    text = client.get(practice.get_absolute_url()).text
    stated = text[text.index(f'href="{shared.get_absolute_url()}"') :]
    stated = stated[: stated.index("</li>")]
    assert 'class="basis stated"' in stated
    assert f'href="{table.get_absolute_url()}">Table 3, row: data sharing agreements' in stated
    ours = text[text.index(f'href="{trust.get_absolute_url()}"') :]
    ours = ours[: ours.index("</li>")]
    assert "<summary>our reading</summary>An agreement signed early builds trust." in ours
    # The other end lists the same link with the same basis.
    text = client.get(shared.get_absolute_url()).text
    assert "Table 3, row: data sharing agreements" in text and 'class="basis stated"' in text


def test_a_record_json_carries_each_links_basis_reason_and_places(client):
    practice, shared, trust, table = stated_and_ours()
    data = client.get(practice.get_absolute_url(), {"format": "json"}).json()
    assert data["addresses_slugs"] == [shared.slug, trust.slug]
    assert data["addresses_basis"] == ["stated", "ours"]
    assert data["addresses_reasons"] == ["", "An agreement signed early builds trust."]
    assert data["addresses_stated_by"] == [table.key, ""]
    assert data["addresses_stated_in"][0].startswith("Table 3, row: data sharing agreements")


def test_a_lists_download_carries_each_links_basis(client):
    practice, shared, trust, table = stated_and_ours()
    response = client.get("/practices/", {"format": "csv"})
    text = b"".join(response).decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(text)) if r["slug"] == practice.slug]
    assert row["addresses_basis"] == "stated | ours"
    assert row["addresses_stated_by"].startswith(table.key)
    data = json.loads(b"".join(client.get("/practices/", {"format": "json"})))
    [record] = [r for r in data["results"] if r["slug"] == practice.slug]
    assert record["addresses_reasons"] == ["", "An agreement signed early builds trust."]


def test_a_stated_links_place_cited_only_by_a_draft_never_shows(client):
    practice, shared, trust, table = stated_and_ours()
    secret = f.make_citation(locator="Annex 9, not yet public")
    f.make_challenge(title="A draft", status=Status.DRAFT, citations=[secret])
    link = practice.addresses_links.get(challenge=shared)
    link.citations.add(secret)  # neither end cites it: only the draft does
    for url in (practice.get_absolute_url(), shared.get_absolute_url()):
        assert "Annex 9" not in client.get(url).text
    assert "Annex 9" not in str(client.get(practice.get_absolute_url(), {"format": "json"}).json())
    text = b"".join(client.get("/practices/", {"format": "csv"})).decode("utf-8-sig")
    assert "Annex 9" not in text


def test_the_map_leaves_out_links_of_our_reading_when_asked(client):
    practice, shared, trust, _ = stated_and_ours()
    whole = client.get("/map/").context["selection"]
    stated = client.get("/map/", {"basis": "stated"}).context["selection"]
    key = ("practices", practice.pk)
    assert ("challenges", trust.pk) in {end for pair in whole.links for end in pair}
    assert {pair for pair in stated.links if ("challenges", trust.pk) in pair} == set()
    assert any(("challenges", shared.pk) in pair and key in pair for pair in stated.links)
    assert 'name="basis" value="stated" checked' in client.get("/map/?basis=stated").text


def test_the_planner_leaves_out_links_of_our_reading_when_asked(client):
    practice, shared, trust, _ = stated_and_ours()
    [item] = client.get("/plan/", {"challenge": trust.slug}).context["plan"].challenges
    assert [r.practice for r in item.practices] == [practice]
    response = client.get("/plan/", {"challenge": trust.slug, "basis": "stated"})
    [item] = response.context["plan"].challenges
    assert item.practices == []
    # The plan says it is limited, and why the challenge has no practice.
    assert "the links of our reading are left out of this plan" in response.text
    assert "No source links a published practice to it." in response.text
    asked = {"challenge": trust.slug, "basis": "stated"}
    markdown = b"".join(client.get("/plan/", {**asked, "format": "md"})).decode()
    assert "the links of our reading are left out of this plan" in markdown
    data = json.loads(b"".join(client.get("/plan/", {**asked, "format": "json"})))
    assert data["partnership"]["stated_links_only"] is True
    [item] = (
        client.get("/plan/", {"challenge": shared.slug, "basis": "stated"})
        .context["plan"]
        .challenges
    )
    assert [r.practice for r in item.practices] == [practice]


def test_a_drawing_shows_a_stated_link_solid_and_ours_dashed(client):
    practice, shared, trust, _ = stated_and_ours()
    for url in (practice.get_absolute_url(), "/map/"):
        text = client.get(url).text
        svg = text[text.index('<svg class="map"') : text.index("</svg>")]
        assert svg.count('class="map-link') == 2, url
        assert svg.count(" ours") == 1, url
        # The list beside the drawing says the same in words, each link once.
        listed = text[text.index("The same links as a list") :]
        assert listed.count("a source states its link to") == 1, url
        assert listed.count("our reading links it to") == 1, url
        assert f"a source states its link to {practice.title}" in listed, url
        assert f"our reading links it to {practice.title}" in listed, url
    assert "1 of them stated by a source" in client.get("/map/").text


def test_a_lists_download_has_the_basis_columns_when_its_first_record_has_no_link(client):
    """A spreadsheet's columns come from its first row: a record without
    links must still carry the basis columns, empty."""
    f.make_practice(title="Aaa, addressing nothing")
    practice, *_ = stated_and_ours()
    text = b"".join(client.get("/practices/", {"format": "csv"})).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == "Aaa, addressing nothing"
    assert rows[0]["addresses_basis"] == ""
    [row] = [r for r in rows if r["slug"] == practice.slug]
    assert row["addresses_basis"] == "stated | ours"
    data = json.loads(b"".join(client.get("/practices/", {"format": "json"})))
    assert data["results"][0]["addresses_basis"] == []
