"""CSV and JSON downloads match what the pages show."""

import csv
import io
import json

import pytest

from collabkb.exchange.downloads import neutralise
from tests import factories as f
from tests.responses import body

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "UTF-8 with a byte-order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(text[1:])))


def page_slugs(response):
    return [r.slug for r in response.context["listing"].page.object_list]


def test_the_csv_of_a_filtered_list_has_the_records_the_page_shows(client):
    f.make_challenge(title="Kept A", slug="kept-a", dimension="cultural", tags=["trust", "culture"])
    f.make_challenge(title="Kept B", slug="kept-b", dimension="cultural")
    f.make_challenge(title="Other", slug="other", dimension="data")
    f.make_challenge(title="Draft", slug="draft", dimension="cultural", status="draft")
    page = client.get("/challenges/?dimension=cultural")
    response = client.get("/challenges/?dimension=cultural&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="challenges-dimension-cultural.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [row["slug"] for row in rows] == page_slugs(page) == ["kept-a", "kept-b"]
    assert rows[0]["tags"] == "culture | trust"


def test_the_csv_holds_every_filtered_record_not_only_the_first_page(client):
    for i in range(25):
        f.make_practice(title=f"Practice {i:02d}", kind="step")
    rows = csv_rows(client.get("/practices/?kind=step&format=csv"))
    assert len(rows) == 25


def test_the_json_of_a_list_matches_the_csv(client):
    linked = f.make_linked_set()
    data = json.loads(body(client.get("/cases/?format=json")))
    assert (data["count"], data["next"], data["previous"]) == (1, None, None)
    [case] = data["results"]
    assert case["slug"] == linked["case"].slug
    assert case["exemplifies"] == [linked["practice"].title]
    assert case["exemplifies_slugs"] == [linked["practice"].slug]
    assert case["kind"] == linked["case"].get_kind_display()
    [moment] = case["citations"]
    assert (moment["place"], moment["second"]) == ("0:27:33", 1653)
    assert moment["url"] == f"http://testserver/sources/{linked['video'].slug}/t/1653/"
    assert "needs_review" not in moment and "notes_label" not in moment
    rows = csv_rows(client.get("/cases/?format=csv"))
    assert rows[0]["exemplifies"] == linked["practice"].title
    assert rows[0]["exemplifies_slugs"] == linked["practice"].slug


def test_a_curator_download_keeps_the_notes_label_and_the_doubt(admin_client):
    linked = f.make_linked_set()
    data = json.loads(body(admin_client.get("/cases/?format=json")))
    [moment] = data["results"][0]["citations"]
    assert moment["notes_label"] == linked["video"].citations.get().timestamp_label
    assert "needs_review" in moment


def test_a_long_list_as_json_comes_in_pages_with_links(client, monkeypatch):
    from collabkb.exchange import downloads

    monkeypatch.setattr(downloads, "JSON_PAGE", 2)
    for n in range(5):
        f.make_challenge(title=f"Paged {n}", dimension="cultural")
    first = json.loads(body(client.get("/challenges/?dimension=cultural&format=json")))
    assert first["count"] == 5 and first["previous"] is None
    assert [r["title"] for r in first["results"]] == ["Paged 0", "Paged 1"]
    assert first["next"].startswith("http://testserver/challenges/?")
    third = client.get(first["next"].replace("page=2", "page=3"))
    assert third["Content-Disposition"].endswith('-page-3.json"')
    last = json.loads(body(third))
    assert [r["title"] for r in last["results"]] == ["Paged 4"] and last["next"] is None
    assert last["previous"] is not None
    assert len(csv_rows(client.get("/challenges/?dimension=cultural&format=csv"))) == 5


def test_a_formula_looking_cell_is_neutralised(client):
    f.make_challenge(title='=HYPERLINK("http://evil")', slug="formula", summary="+1 and -2")
    row = csv_rows(client.get("/challenges/?format=csv"))[0]
    assert row["title"].startswith("'=")
    assert row["summary"] == "'+1 and -2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("plain") == "plain"


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (" =1+1", "' =1+1"),
        ("\u00a0 +1", "'\u00a0 +1"),
        ("\n-2", "'\n-2"),
        ("\tword", "'\tword"),
        ("\rword", "'\rword"),
        ("a = b", "a = b"),
        ("  plain", "  plain"),
    ],
)
def test_a_cell_whose_first_non_blank_character_starts_a_formula_is_neutralised(cell, shown):
    assert neutralise(cell) == shown


def test_a_record_page_offers_its_json(client):
    linked = f.make_linked_set()
    page = client.get(linked["practice"].get_absolute_url())
    assert 'href="?format=json"' in page.text
    data = json.loads(client.get(linked["practice"].get_absolute_url() + "?format=json").content)
    assert data["slug"] == linked["practice"].slug
    assert data["addresses_slugs"] == [linked["challenge"].slug]
    assert data["addresses"] == [linked["challenge"].title]
    sources = {c["source_slug"] for c in data["citations"]}
    assert sources == {linked["video"].slug, linked["report"].slug}


def test_the_search_page_offers_csv_and_json_of_its_results(client):
    f.make_challenge(title="Quokka barrier", slug="quokka-barrier")
    f.make_practice(title="Quokka practice", slug="quokka-practice")
    page = client.get("/search/?q=quokka&kind=practice")
    assert "format=csv" in page.text
    response = client.get("/search/?q=quokka&kind=practice&format=csv")
    assert 'filename="search-q-quokka-kind-practice.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [row["url"] for row in rows] == ["http://testserver/practices/quokka-practice/"]
    data = json.loads(client.get("/search/?q=quokka&format=json").content)
    assert data["count"] == 2 and len(data["results"]) == 2
    assert data["next"] is None and data["previous"] is None


def test_search_downloads_carry_plain_text_and_the_page_escapes_it(client):
    title = "GovLab's data & analytics kangaroo"
    summary = "Follow GovLab's four steps & keep <kangaroo> rules."
    f.make_practice(title=title, summary=summary, slug="kangaroo")
    row = csv_rows(client.get("/search/?q=kangaroo&format=csv"))[0]
    assert (row["title"], row["snippet"]) == (title, summary)
    result = json.loads(client.get("/search/?q=kangaroo&format=json").content)["results"][0]
    assert (result["title"], result["snippet"]) == (title, summary)
    page = client.get("/search/?q=kangaroo").text
    assert "GovLab&#x27;s data &amp; analytics <mark>kangaroo</mark>" in page
    assert "GovLab&#x27;s four steps &amp; keep &lt;<mark>kangaroo</mark>&gt; rules." in page


def test_an_unknown_format_shows_the_page(client):
    f.make_challenge()
    response = client.get("/challenges/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_a_list_download_streams_in_chunks(client):
    for n in range(3):
        f.make_challenge(title=f"Streamed {n}")
    response = client.get("/challenges/?format=json")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="challenges.json"'
    data = json.loads(body(response))
    assert [item["title"] for item in data["results"]] == ["Streamed 0", "Streamed 1", "Streamed 2"]
