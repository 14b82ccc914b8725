"""Readers' pages come from the cache, and every write shows at once.

Run on the test cache (memory) and, in CI, on Redis too (REDIS_URL).
"""

import io
import json

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collabkb import versions
from collabkb.curation import review
from collabkb.curation.roles import EDITORS
from collabkb.exchange.export import export
from collabkb.models import Status
from collabkb.web import pagecache
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
    assert queries == 1  # the versions of what it shows
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
    from collabkb.web import pagecache

    f.make_challenge(title="Deployed")
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "hit"
    monkeypatch.setattr(pagecache, "code_version", lambda: "the-next-release")
    assert get(client, "/challenges/")[0]["X-Page-Cache"] == "miss"


def test_the_code_version_follows_the_templates(settings, tmp_path):
    from collabkb.web import pagecache

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
    record = f.make_challenge(
        title="Fresh barrier", status=Status.IN_REVIEW, citations=[f.make_citation()]
    )
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
    f.make_curator("edith", EDITORS)
    options = ["--publish", "--user", "edith"]  # an editor's import of a published change
    call_command("import_kb", str(path), *options, stdout=io.StringIO())
    assert "After import" in get(client, record.get_absolute_url())[0].content.decode()
    data[[o["model"] for o in data].index("challenges.challenge")]["fields"]["title"] = "Loaded"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)
    assert "Loaded" in get(client, record.get_absolute_url())[0].content.decode()


def test_errors_and_downloads_by_stream_are_not_kept(client):
    get(client, "/challenges/nowhere/")
    assert "X-Page-Cache" not in get(client, "/challenges/nowhere/")[0]


# What a stranger sends cannot switch the cache off.


def test_it_serves_a_made_up_session_cookie_from_the_cache_and_deletes_the_cookie(client):
    f.make_linked_set()
    first, _ = get(client, "/challenges/")
    client.cookies["sessionid"] = "made-up-session-key-0123456789"
    response, queries = get(client, "/challenges/")
    assert response["X-Page-Cache"] == "hit"
    assert queries == 1  # its key is not signed: known made up without a query (1: versions)
    assert response.content == first.content
    deleted = response.cookies["sessionid"]
    assert deleted.value == "" and deleted["max-age"] == 0


def test_it_serves_a_deactivated_staff_member_from_the_cache_but_not_an_active_one(client):
    from django.contrib.auth.models import User

    f.make_linked_set()
    get(client, "/challenges/")
    editor = User.objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(editor)
    assert "X-Page-Cache" not in get(client, "/challenges/")[0]
    editor.is_active = False
    editor.save()
    response, _ = get(client, "/challenges/")
    assert response["X-Page-Cache"] == "hit"
    assert "sessionid" not in response.cookies  # the session exists: it is kept


def test_a_session_key_signed_here_but_unknown_costs_a_query_and_is_deleted(client):
    from collabkb.web.sessions import signed_key

    f.make_linked_set()
    get(client, "/challenges/")
    client.cookies["sessionid"] = signed_key()
    response, queries = get(client, "/challenges/")
    assert (response["X-Page-Cache"], queries) == ("hit", 2)  # the session and the versions
    assert response.cookies["sessionid"].value == ""


@pytest.mark.parametrize(
    "variant",
    [
        "?utm_source=mail",
        "?x=d41d8cd98f00b204",
        "?sort=&page=&tag=",
        "?tag=&tag=&tag=",
        "?q=unused-here",
    ],
)
def test_it_keys_a_page_by_the_parameters_it_reads_only(client, variant):
    f.make_linked_set()
    plain, _ = get(client, "/challenges/")
    response, queries = get(client, "/challenges/" + variant)
    assert (response["X-Page-Cache"], queries) == ("hit", 1)
    assert response.content == plain.content


def test_parameter_order_and_repeats_make_one_key_and_a_read_parameter_its_own(client):
    f.make_linked_set()
    assert get(client, "/challenges/?sort=title&page=1")[0]["X-Page-Cache"] == "miss"
    for same in (
        "?page=1&sort=title",
        "?page=1&sort=title&sort=title",
        "?page=1&junk=1&sort=title",
    ):
        assert get(client, "/challenges/" + same)[0]["X-Page-Cache"] == "hit", same
    assert get(client, "/challenges/?sort=updated")[0]["X-Page-Cache"] == "miss"


def test_a_page_never_sees_a_parameter_it_does_not_declare(client):
    """The search reads ?q=; the parameter of another page changes nothing here."""
    f.make_linked_set()
    with_q = get(client, "/search/?q=trust")[0].content
    assert get(client, "/search/?q=trust&participants=all&slug=x")[0].content == with_q
    record = f.make_case(title="Declared")
    text = get(client, record.get_absolute_url() + "?q=trust&participants=all")[0].text
    assert "Declared" in text


def test_head_is_answered_from_the_cache_with_the_same_headers(client):
    f.make_linked_set()
    head = client.head("/challenges/")  # a HEAD renders and keeps the page, like a GET
    response, queries = get(client, "/challenges/")
    assert (head["X-Page-Cache"], response["X-Page-Cache"], queries) == ("miss", "hit", 1)
    again = client.head("/challenges/")
    assert again["X-Page-Cache"] == "hit" and again.content == b""
    for header in [*SAME_HEADERS, "Content-Length"]:
        assert again.get(header) == response.get(header), header
    assert int(again["Content-Length"]) == len(response.content)


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "DELETE", "PATCH", "POST", "TRACE"])
def test_a_public_page_answers_other_methods_with_405(client, method):
    f.make_linked_set()
    response = client.generic(method, "/challenges/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"<html" not in response.content.lower()


def test_the_admin_refuses_trace_and_keeps_its_own_methods(admin_client):
    trace = admin_client.generic("TRACE", "/admin/")
    assert trace.status_code == 405 and "POST" in trace["Allow"]
    assert admin_client.get("/admin/").status_code == 200
    record = f.make_challenge(title="Before")
    form = admin_client.get(f"/admin/challenges/challenge/{record.pk}/delete/")
    assert form.status_code == 200
    gone = admin_client.post(f"/admin/challenges/challenge/{record.pk}/delete/", {"post": "yes"})
    assert gone.status_code == 302


# Concurrent misses render a page once.


def _hold_the_lock(path):
    from collabkb.web import pagecache

    key = pagecache.page_key(f"http://testserver{path}")
    cache.add(key + ":rendering", 1, 30)
    return key


def test_a_miss_waits_for_the_page_another_request_is_rendering(client, monkeypatch):
    from django.http import HttpResponse

    f.make_linked_set()
    key = _hold_the_lock("/challenges/")
    other = HttpResponse("The page as the other request rendered it")
    kept = pagecache.Entry.of(versions.read([versions.ALL, versions.EVERYTHING]), other)
    waits = []

    def sleep(seconds):  # the other request stores its page while this one waits
        waits.append(seconds)
        cache.set(key, kept, 60)

    monkeypatch.setattr(pagecache.time, "sleep", sleep)
    response, queries = get(client, "/challenges/")
    assert waits == [pagecache.POLL_SECONDS]
    assert (response["X-Page-Cache"], queries) == ("hit", 2)  # versions, then the page's
    assert response.text == "The page as the other request rendered it"


def test_a_miss_renders_itself_when_the_other_request_does_not_store_the_page(client, monkeypatch):
    from collabkb.web import pagecache

    monkeypatch.setattr(pagecache, "WAIT_SECONDS", 0.3)
    f.make_linked_set()
    _hold_the_lock("/challenges/")
    response, _ = get(client, "/challenges/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert "Challenges" in response.text


def test_clearing_the_caches_state_makes_no_page_stale(client):
    """The versions live in the database: a cleared, culled or failed cache forgets nothing."""
    record = f.make_challenge(title="Old words")
    get(client, record.get_absolute_url())
    caches["state"].clear()
    record.title = "New words"
    record.save()
    response, _ = get(client, record.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and "New words" in response.text


def test_every_parameter_the_site_links_with_is_declared_for_the_page_it_links_to(client):
    """A page that reads a parameter it does not declare never gets it
    (collabkb/web/params.py): each query in the site's own links must be declared."""
    import html
    import re
    from urllib.parse import parse_qs, urlsplit

    from cases.models import Participation
    from collabkb.web import params

    linked = f.make_linked_set()
    for _ in range(25):  # enough for a second page and "show all" links
        case = f.make_case(organisations=[linked["organisation"]])
        case.faced.add(linked["challenge"])
        case.exemplifies.add(linked["practice"])
        linked["challenge"].related.add(f.make_challenge())
        Participation.objects.create(case=linked["case"], organisation=f.make_organisation())
    pages = ["/", "/challenges/", "/practices/", "/cases/", "/organisations/", "/series/"]
    pages += ["/sources/", "/tags/", "/search/?q=trust", "/map/", "/plan/", "/cases/map/"]
    pages += ["/about/", "/glossary/"]
    pages += [linked[name].get_absolute_url() for name in linked]
    undeclared, seen = set(), set()
    for page in pages:
        for href in re.findall(r'href="([^"#]*\?[^"#]*)', client.get(page).text):
            address = urlsplit(html.unescape(href))
            if address.netloc not in ("", "testserver"):
                continue  # another site's link (a video at a time)
            name = params.url_name(address.path or urlsplit(page).path)
            for param in parse_qs(address.query, keep_blank_values=True):
                seen.add((name, param))
                if param not in params.declared(name):
                    undeclared.add((page, name, param))
    assert undeclared == set()
    for link in [
        ("cases:detail", "participants"),
        ("cases:organisation", "cases"),
        ("challenges:detail", "faced-by"),
        ("practices:detail", "exemplified-by"),
        ("challenges:index", "page"),
        ("challenges:index", "tag"),
    ]:
        assert link in seen, link  # the crawl reached the links it is to check


def test_a_page_rendered_while_a_write_commits_is_served_but_not_kept(client, monkeypatch):
    """A reader that renders across a write's commit may have read rows from
    before it: the page is not kept under the versions read after it."""
    import contextlib

    record = f.make_challenge(title="Old words")
    url = record.get_absolute_url()
    collecting = versions.collecting

    @contextlib.contextmanager
    def a_write_commits_as_the_render_ends():
        with collecting() as declared:
            yield declared
        record.title = "New words"
        record.save()

    monkeypatch.setattr(versions, "collecting", a_write_commits_as_the_render_ends)
    during, _ = get(client, url)
    assert "Old words" in during.text and "X-Page-Cache" not in during  # served, not kept
    monkeypatch.undo()
    after, _ = get(client, url)
    assert after["X-Page-Cache"] == "miss" and "New words" in after.text


@pytest.mark.parametrize(
    "url, same_as",
    [
        ("/challenges/?page=1", "/challenges/"),
        ("/challenges/?page=zz1", "/challenges/"),
        ("/challenges/?page=-3", "/challenges/"),
        ("/challenges/?page=02", "/challenges/?page=2"),
        ("/search/?q=trust&exact=yes", "/search/?q=trust&exact=1"),
    ],
)
def test_spellings_of_one_value_share_one_key(client, url, same_as):
    f.make_linked_set()
    get(client, same_as)
    response, queries = get(client, url)
    assert (response["X-Page-Cache"], queries) == ("hit", 1)


def test_a_linked_list_id_keeps_only_all(client):
    challenge = f.make_linked_set()["challenge"]
    plain, _ = get(client, challenge.get_absolute_url())
    response, queries = get(client, challenge.get_absolute_url() + "?related=j1&addressed-by=x")
    assert (response["X-Page-Cache"], queries) == ("hit", 1)
    whole, _ = get(client, challenge.get_absolute_url() + "?related=all")
    assert whole["X-Page-Cache"] == "miss"
