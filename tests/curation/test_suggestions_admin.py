"""Readers' suggestions in the admin: the editors' queue, marked done or
dismissed; contributors never see it (it holds readers' e-mail addresses)."""

import pytest
from django.test import Client
from django.urls import reverse

from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.kinds import registry
from collabkb.models import Suggestion
from tests import factories as f

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:collabkb_suggestion_changelist")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return f.make_curator("edith", EDITORS)


@pytest.fixture
def contributor():
    return f.make_curator("carla", CONTRIBUTORS)


def suggest(record, text="Table 4 says 2018, not 2019.", email="reader@example.org"):
    """A suggestion, as a reader's form sends it."""
    name = registry.for_model(type(record)).name
    response = Client().post(
        f"/suggest/{name}/{record.slug}/", {"text": text, "email": email, "website": ""}
    )
    assert response.status_code == 303
    return Suggestion.objects.order_by("pk").last()


def test_a_readers_suggestion_reaches_the_queue_and_an_editor_marks_it_done(editor):
    case = f.make_case(title="Catalyst Project")
    suggestion = suggest(case)
    client = signed_in(editor)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert "Table 4 says 2018, not 2019." in queue.text
    assert "reader@example.org" in queue.text
    change = reverse("admin:cases_case_change", args=[case.pk])
    assert f'<a href="{change}">Catalyst Project</a>' in queue.text
    assert "Suggestions" in client.get(reverse("admin:index")).text

    moved = client.post(
        QUEUE, {"action": "mark_done", "_selected_action": [suggestion.pk]}, follow=True
    )
    assert "1 suggestion now done." in moved.text
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DONE
    assert suggestion.handled_by == editor and suggestion.handled_at is not None
    assert "edith, " in client.get(f"{QUEUE}?status__exact=done").text


def test_an_editor_dismisses_suggestions_and_reopens_one_on_its_page(editor):
    case = f.make_case()
    spam, other = suggest(case, text="Cheap pills"), suggest(case, text="Also spam")
    client = signed_in(editor)
    client.post(QUEUE, {"action": "dismiss", "_selected_action": [spam.pk, other.pk]})
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"dismissed"}

    page = reverse("admin:collabkb_suggestion_change", args=[spam.pk])
    form = client.get(page)
    assert form.status_code == 200
    assert "Cheap pills" in form.text and f'href="{case.get_absolute_url()}"' in form.text
    client.post(page, {"status": "new"})
    spam.refresh_from_db()
    assert spam.status == "new" and spam.handled_by is None and spam.handled_at is None
    # The page changes the status only: the reader's words stay theirs.
    client.post(page, {"status": "done", "text": "Rewritten", "email": "x@example.org"})
    spam.refresh_from_db()
    assert (spam.status, spam.text, spam.email) == ("done", "Cheap pills", "reader@example.org")
    assert spam.handled_by == editor


def test_no_one_adds_a_suggestion_in_the_admin(editor):
    superuser = f.make_curator("root", superuser=True)
    for person in (editor, superuser):
        add = signed_in(person).get(reverse("admin:collabkb_suggestion_add"))
        assert add.status_code == 403


def test_a_contributor_cannot_see_the_queue_nor_a_readers_address(contributor):
    suggestion = suggest(f.make_case())
    client = signed_in(contributor)
    for url in (
        QUEUE,
        reverse("admin:collabkb_suggestion_change", args=[suggestion.pk]),
        reverse("admin:collabkb_suggestion_delete", args=[suggestion.pk]),
        reverse("admin:collabkb_suggestion_history", args=[suggestion.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "reader@example.org" not in response.text
    moved = client.post(QUEUE, {"action": "mark_done", "_selected_action": [suggestion.pk]})
    assert moved.status_code == 403
    assert Suggestion.objects.get().status == "new"
    index = client.get(reverse("admin:index")).text
    assert "Suggestions" not in index and "reader@example.org" not in index


def test_the_queue_costs_the_same_at_two_and_at_thirty_suggestions(
    editor, settings, django_assert_max_num_queries
):
    settings.SUGGESTIONS_PER_HOUR = 0  # thirty from one address
    linked = f.make_linked_set()
    records = [linked[key] for key in ("challenge", "practice", "case", "organisation")]
    client = signed_in(editor)
    for size in (2, 30):
        while Suggestion.objects.count() < size:
            suggest(records[Suggestion.objects.count() % 4])
        Suggestion.objects.filter(pk__in=Suggestion.objects.all()[:1]).update(
            handled_by=editor, status="done"
        )
        # The session, its user, the editor's permissions (two), the counts
        # of the list and of all suggestions, the rows with their content
        # types and handlers, and the records they are about: one query per kind.
        with django_assert_max_num_queries(7 + len(registry)):
            assert client.get(QUEUE).status_code == 200
