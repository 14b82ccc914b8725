"""A reader suggests a correction to a record's page: the link on every
kind's page, the form (cached like any page, no account, no token), what it
refuses, and the thank-you page. The editors' side is in
tests/curation/test_suggestions_admin.py."""

import time

import pytest
from django.test import Client

from collabkb.kinds import registry
from collabkb.models import Status, Suggestion
from collabkb.web import ratelimit
from tests import factories as f
from tests.serving.test_security_headers import DIRECTIVES

pytestmark = pytest.mark.django_db

KEYS = {"challenges": "challenge", "practices": "practice", "cases": "case"}
KEYS["organisations"] = "organisation"


@pytest.fixture
def linked():
    return f.make_linked_set()


@pytest.fixture
def record(linked):
    return linked["case"]


@pytest.fixture(autouse=True)
def _one_window():
    """A test never starts at the end of an hour: its suggestions are counted in one window."""
    left = ratelimit.HOUR - time.time() % ratelimit.HOUR
    if left < 30:
        time.sleep(left + 0.1)


def form_url(record):
    kind = registry.for_model(type(record))
    return f"/suggest/{kind.name}/{record.slug}/"


def send(client, record, headers=None, **fields):
    data = {"text": "The summary gives 2019; the report's Table 4 says 2018.", "website": ""}
    return client.post(form_url(record), {**data, **fields}, **(headers or {}))


def test_every_kinds_record_page_links_to_its_form(client, linked):
    assert {kind.name for kind in registry} == set(KEYS)
    for kind in registry:
        record = linked[KEYS[kind.name]]
        page = client.get(record.get_absolute_url())
        assert f'<a href="{form_url(record)}">Suggest a correction</a>' in page.text, kind.name
        form = client.get(form_url(record))
        assert form.status_code == 200
        assert "<h1>Suggest a correction</h1>" in form.text
        assert f'<a href="{record.get_absolute_url()}">{record.title}</a>' in form.text


def test_a_readers_suggestion_reaches_the_queue_and_they_are_thanked(record):
    client = Client(enforce_csrf_checks=True)  # the form carries no token, and needs none
    response = send(client, record, email="reader@example.org")
    assert response.status_code == 303
    assert response["Location"] == f"{form_url(record)}sent/"
    thanks = client.get(response["Location"])
    assert "<h1>Thank you</h1>" in thanks.text
    assert "is in the editors' queue" in thanks.text
    assert f'<a href="{record.get_absolute_url()}">Back to “{record.title}”</a>' in thanks.text
    suggestion = Suggestion.objects.get()
    assert suggestion.page == record.get_absolute_url()
    assert suggestion.record == record
    assert suggestion.text == "The summary gives 2019; the report's Table 4 says 2018."
    assert suggestion.email == "reader@example.org"
    assert suggestion.status == Suggestion.Status.NEW and suggestion.handled_by is None


def test_the_form_and_the_thank_you_page_are_the_same_for_every_reader_and_cached(
    client, record, django_assert_max_num_queries
):
    for url in (form_url(record), f"{form_url(record)}sent/"):
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss"
        assert "csrfmiddlewaretoken" not in first.text and not first.cookies
        with django_assert_max_num_queries(1):  # the versions of what it shows
            again = Client().get(url, HTTP_COOKIE="sessionid=made-up")
        assert again["X-Page-Cache"] == "hit" and again.content == first.content
        policy = again["Content-Security-Policy"]
        assert all(directive in policy for directive in DIRECTIVES)


def test_a_rendered_form_costs_a_fixed_number_of_queries(
    client, record, django_assert_max_num_queries, uncached
):
    # The record, and the versions of what the page shows.
    with django_assert_max_num_queries(2):
        assert client.get(form_url(record)).status_code == 200


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"text": ""}, "Please write what is wrong: the text is empty."),
        ({"text": "  \n\t "}, "Please write what is wrong: the text is empty."),
        ({"text": "x" * 2001}, "Please keep it to 2000 characters: it has 2001."),
        ({"email": "reader at example"}, "This does not look like an e-mail address."),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
        ({"email": "a\x00@example.org"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(record, fields, message):
    response = send(Client(), record, **fields)
    assert response.status_code == 400
    assert "Nothing was sent yet: please correct what is marked below." in response.text
    assert message in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert not Suggestion.objects.exists()


def test_what_was_typed_stays_in_the_form_after_a_refusal(record):
    response = send(Client(), record, text="A <b>wrong</b> year.", email="not an address")
    assert "A &lt;b&gt;wrong&lt;/b&gt; year.</textarea>" in response.text
    assert 'value="not an address"' in response.text


def test_a_robot_that_fills_the_hidden_field_is_thanked_and_nothing_is_kept(record):
    response = send(Client(), record, website="https://spam.example")
    assert response.status_code == 303
    assert not Suggestion.objects.exists()


def test_a_post_from_another_sites_page_is_refused(record):
    response = Client().post(
        form_url(record),
        {"text": "Buy now", "website": ""},
        HTTP_ORIGIN="https://elsewhere.example",
    )
    assert response.status_code == 403
    assert "takes suggestions sent from CollabKB's own pages only" in response.text
    assert not Suggestion.objects.exists()
    # From its own pages, a browser names the site itself.
    assert send(Client(), record, {"HTTP_ORIGIN": "http://testserver"}).status_code == 303


def test_an_address_over_the_limit_is_told_when_to_come_back_and_nothing_is_kept(record, settings):
    settings.SUGGESTIONS_PER_HOUR = 2
    client = Client()
    assert [send(client, record).status_code for _ in range(2)] == [303, 303]
    over = send(client, record, text="A third one.")
    assert over.status_code == 429
    assert int(over["Retry-After"]) > 0
    assert "Many suggestions have come from your address in the last hour" in over.text
    assert "A third one.</textarea>" in over.text
    assert Suggestion.objects.count() == 2
    # Another address is not held back.
    assert send(client, record, {"REMOTE_ADDR": "192.0.2.7"}).status_code == 303


def test_a_drafts_address_has_no_form_for_anyone(record, admin_client):
    draft = f.make_case(title="Unpublished programme", slug="unpublished", status=Status.DRAFT)
    for client in (Client(), admin_client):
        response = client.get(form_url(draft))
        assert response.status_code == 404
        assert "Unpublished programme" not in response.text
        assert send(client, draft).status_code == 404
        assert client.get(f"{form_url(draft)}sent/").status_code == 404
    # A curator's preview of the draft offers no form either.
    assert "Suggest a correction" not in admin_client.get(draft.get_absolute_url()).text
    assert Client().get(f"/suggest/sources/{record.slug}/").status_code == 404
    assert not Suggestion.objects.exists()


def test_a_record_withdrawn_after_its_form_was_cached_has_no_form(client, record):
    assert client.get(form_url(record)).status_code == 200
    record.status = Status.DRAFT
    record.save()
    assert client.get(form_url(record)).status_code == 404
    assert send(client, record).status_code == 404


def test_the_form_answers_only_get_head_and_post(client, record):
    assert client.head(form_url(record)).status_code == 200
    refused = client.put(form_url(record))
    assert refused.status_code == 405 and refused["Allow"] == "GET, HEAD, POST"
    assert client.post(f"{form_url(record)}sent/").status_code == 405
    # Other public pages still answer a POST with 405.
    assert client.post(record.get_absolute_url()).status_code == 405


def test_robots_are_asked_not_to_index_the_forms(client):
    assert "Disallow: /suggest/" in client.get("/robots.txt").text
