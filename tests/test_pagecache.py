"""Readers' pages come from the cache, and every write shows at once.

Run on the test cache (memory) and, in CI, on Redis too (REDIS_URL).
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb import review
from collabkb.exchange.export import export
from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db

SAME_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Cache-Control",
]


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_second_reader_gets_the_page_from_the_cache_with_every_header(client):
    f.make_linked_set()
    first, _ = get(client, "/challenges/")
    second, queries = get(client, "/challenges/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert queries == 0
    assert second.content == first.content
    for header in SAME_HEADERS:
        assert second.get(header) == first.get(header), header
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_an_edit_shows_on_the_next_request(client):
    record = f.make_challenge(title="Old words")
    assert "Old words" in get(client, record.get_absolute_url())[0].content.decode()
    record.title = "New words"
    record.save()
    response, _ = get(client, record.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and "New words" in response.content.decode()


def test_new_code_renders_its_pages_afresh(client, monkeypatch):
    """After a deploy, readers get pages from the new templates, not the old ones."""
    from collabkb import pagecache

    f.make_challenge(title="Deployed")
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "hit"
    monkeypatch.setattr(pagecache, "code_version", lambda: "the-next-release")
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "miss"


def test_the_code_version_follows_the_templates(settings, tmp_path):
    from collabkb import pagecache

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    pagecache.code_version.cache_clear()
    try:
        first = pagecache.code_version()
        pagecache.code_version.cache_clear()
        assert pagecache.code_version() == first  # the same code, the same pages
        page.write_text("two", encoding="utf-8")
        pagecache.code_version.cache_clear()
        assert pagecache.code_version() != first
    finally:
        pagecache.code_version.cache_clear()


def test_a_link_added_shows_at_both_ends_at_once(client):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(title="Define roles")
    get(client, challenge.get_absolute_url())
    practice.addresses.add(challenge)
    assert "Define roles" in get(client, challenge.get_absolute_url())[0].content.decode()


def test_publishing_and_unpublishing_show_at_once(client, admin_user):
    record = f.make_challenge(title="Fresh barrier", status=Status.IN_REVIEW)
    assert "Fresh barrier" not in get(client, "/challenges/")[0].content.decode()
    review.move(record, "publish", admin_user)
    assert "Fresh barrier" in get(client, "/challenges/")[0].content.decode()
    review.move(record, "unpublish", admin_user)
    assert "Fresh barrier" not in get(client, "/challenges/")[0].content.decode()
    assert get(client, record.get_absolute_url())[0].status_code == 404


def test_a_conditional_request_gets_a_304(client):
    f.make_linked_set()
    first, _ = get(client, "/")
    by_tag, _ = get(client, "/", If_None_Match=first["ETag"])
    by_date, _ = get(client, "/", If_Modified_Since=first["Last-Modified"])
    assert (by_tag.status_code, by_date.status_code) == (304, 304)
    f.make_challenge(title="A change")
    assert get(client, "/", If_None_Match=first["ETag"])[0].status_code == 200


def test_a_curator_and_a_preview_are_never_served_from_the_cache(client, admin_client):
    draft = f.make_challenge(title="Draft only", status=Status.DRAFT)
    get(client, "/challenges/")
    preview, _ = get(admin_client, draft.get_absolute_url())
    listing, _ = get(admin_client, "/challenges/")
    assert "X-Page-Cache" not in preview and "X-Page-Cache" not in listing
    assert "private" in preview["Cache-Control"]
    assert get(client, draft.get_absolute_url())[0].status_code == 404


def test_an_import_and_a_load_show_at_once(client, tmp_path):
    record = f.make_challenge(slug="kept", title="Before import")
    get(client, record.get_absolute_url())
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "challenges.challenge":
            obj["fields"]["title"] = "After import"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_kb", str(path), stdout=io.StringIO())
    assert "After import" in get(client, record.get_absolute_url())[0].content.decode()
    data[[o["model"] for o in data].index("challenges.challenge")]["fields"]["title"] = "Loaded"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    assert "Loaded" in get(client, record.get_absolute_url())[0].content.decode()


def test_errors_and_downloads_by_stream_are_not_kept(client):
    get(client, "/challenges/nowhere/")
    assert "X-Page-Cache" not in get(client, "/challenges/nowhere/")[0]
