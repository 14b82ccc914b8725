"""Readers' pages leave compressed, as their client asks; pages that may
carry a secret (a session, a CSRF token, a cookie) leave as they are."""

import gzip

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb.web import compression
from tests import factories as f

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def decoded(response, data):
    encoding = response.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "br":
        return brotli.decompress(data)
    assert encoding is None, encoding
    return data


def get(client, url, encoding=None, **headers):
    if encoding:
        headers["Accept-Encoding"] = encoding
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.fixture
def pages():
    records = f.make_linked_set()
    for n in range(8):
        f.make_challenge(title=f"Trust across partners {n}", citations=[f.make_citation()])
    record = records["challenge"].get_absolute_url()
    return {
        "record page": record,
        "record as JSON": record + "?format=json",
        "list as CSV": "/challenges/?format=csv",
        "list as JSON": "/practices/?format=json",
        "search as CSV": "/search/?q=trust&format=csv",
        "home": "/",
    }


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize(
    "page",
    ["record page", "record as JSON", "list as CSV", "list as JSON", "search as CSV", "home"],
)
def test_a_page_comes_compressed_and_decompresses_to_the_plain_page(client, pages, page, encoding):
    plain, _ = get(client, pages[page])
    compressed, _ = get(client, pages[page], encoding)
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == encoding
    sent, plain_body = body(compressed), body(plain)
    assert len(sent) < len(plain_body) / 2
    assert decoded(compressed, sent) == plain_body
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]
    if not compressed.streaming:
        assert int(compressed["Content-Length"]) == len(sent)


@pytest.mark.parametrize(
    ("asked", "sent"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("BR", "br"),
        ("*", "br"),
        ("gzip;q=0, *;q=0", None),
        ("identity", None),
        ("deflate", None),
        ("", None),
    ],
)
def test_it_sends_what_the_client_accepts_and_brotli_first(client, asked, sent):
    f.make_linked_set()
    response, _ = get(client, "/challenges/", asked or None)
    assert response.get("Content-Encoding") == sent
    assert "Accept-Encoding" in response["Vary"]


def test_a_kept_page_is_served_compressed_from_the_cache_without_compressing_again(
    client, monkeypatch
):
    f.make_linked_set()
    compressions = []
    compress = compression.compress
    monkeypatch.setattr(
        compression, "compress", lambda *a: compressions.append(a[1]) or compress(*a)
    )
    first, _ = get(client, "/challenges/", "gzip")
    second, queries = get(client, "/challenges/", "gzip")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert queries == 1  # the versions of what it shows, as a plain hit
    assert second["Content-Encoding"] == "gzip" and second.content == first.content
    assert compressions == ["gzip"]
    # Another encoding: compressed on its first request, then kept beside it.
    get(client, "/challenges/", "br")
    again, queries = get(client, "/challenges/", "br")
    assert (again["X-Page-Cache"], again["Content-Encoding"], queries) == ("hit", "br", 1)
    assert get(client, "/challenges/", "gzip")[0].content == first.content
    plain, _ = get(client, "/challenges/")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert compressions == ["gzip", "br"]
    assert decoded(again, again.content) == plain.content


def test_each_encoding_has_its_etag_and_a_conditional_request_gets_its_304(client):
    f.make_linked_set()
    plain, _ = get(client, "/challenges/")
    as_gzip, _ = get(client, "/challenges/", "gzip")
    as_br, _ = get(client, "/challenges/", "br")
    assert len({plain["ETag"], as_gzip["ETag"], as_br["ETag"]}) == 3
    assert get(client, "/challenges/", "br", If_None_Match=as_br["ETag"])[0].status_code == 304
    assert get(client, "/challenges/", "gzip", If_None_Match=as_gzip["ETag"])[0].status_code == 304
    other, _ = get(client, "/challenges/", "br", If_None_Match=plain["ETag"])
    assert other.status_code == 200 and other["Content-Encoding"] == "br"


def test_head_answers_with_the_headers_of_the_compressed_page(client):
    f.make_linked_set()
    head = client.head("/challenges/", headers={"Accept-Encoding": "gzip"})
    response, _ = get(client, "/challenges/", "gzip")
    again = client.head("/challenges/", headers={"Accept-Encoding": "gzip"})
    assert (head["X-Page-Cache"], response["X-Page-Cache"], again["X-Page-Cache"]) == (
        "miss",
        "hit",
        "hit",
    )
    for answer in (head, again):
        assert answer.content == b""
        assert answer["Content-Encoding"] == "gzip"
        assert answer["Content-Length"] == response["Content-Length"]
        assert answer["ETag"] == response["ETag"]


def test_head_of_a_download_by_stream_answers_without_a_body(client):
    f.make_linked_set()
    for encoding in (None, "gzip"):
        headers = {"Accept-Encoding": encoding} if encoding else {}
        response = client.head("/challenges/?format=csv", headers=headers)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert body(response) == b""


def test_a_curator_and_the_admin_get_their_pages_uncompressed(client, admin_client):
    f.make_linked_set()
    for url in ("/challenges/", "/challenges/?format=csv", "/admin/collabkb/", "/admin/"):
        response, _ = get(admin_client, url, "gzip, br")
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url
    sign_in, _ = get(client, "/admin/login/", "gzip, br")
    assert b"csrfmiddlewaretoken" in sign_in.content
    assert "Content-Encoding" not in sign_in


@pytest.mark.urls("tests.secret_urls")
@pytest.mark.parametrize("url", ["/with-token/", "/with-cookie/"])
def test_a_readers_page_with_a_csrf_token_or_a_cookie_is_sent_uncompressed(client, url):
    response, _ = get(client, url, "gzip, br")
    assert response.status_code == 200
    assert response.cookies  # the CSRF cookie, or the page's own
    assert "Content-Encoding" not in response
    assert b"Words a reader came for" in response.content


def test_a_made_up_session_cookie_still_gets_the_compressed_page(client):
    f.make_linked_set()
    get(client, "/challenges/", "gzip")
    client.cookies["sessionid"] = "made-up-session-key-0123456789"
    response, _ = get(client, "/challenges/", "gzip")
    assert (response["X-Page-Cache"], response["Content-Encoding"]) == ("hit", "gzip")
    assert response.cookies["sessionid"].value == ""  # deleted: nothing of the reader's


def test_a_small_answer_is_sent_as_it_is(client):
    response, _ = get(client, "/robots.txt", "gzip, br")
    assert 0 < len(response.content) < compression.SMALLEST
    assert "Content-Encoding" not in response
