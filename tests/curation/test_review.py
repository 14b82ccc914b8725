"""The review workflow: contributors draft and submit, editors review and publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from challenges.models import Challenge
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Status, Transition
from tests import factories as f
from tests.admin_forms import post_form

pytestmark = pytest.mark.django_db


def make_user(django_user_model, name, role):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def contributor(client, django_user_model):
    client.user = make_user(django_user_model, "carla", CONTRIBUTORS)
    client.force_login(client.user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(make_user(django_user_model, "edith", EDITORS))
    return client


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def move_url(record, name):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_move", args=[record.pk, name])


def status_of(record):
    return type(record).objects.get(pk=record.pk).status


def test_a_migration_makes_both_roles_and_only_editors_may_publish():
    contributors = Group.objects.get(name=CONTRIBUTORS)
    editors = Group.objects.get(name=EDITORS)
    codenames = set(contributors.permissions.values_list("codename", flat=True))
    assert {"add_challenge", "change_challenge", "add_citation", "view_source"} <= codenames
    assert "publish_records" not in codenames and "delete_citation" not in codenames
    # Deleting a record: their own drafts only (the admin's check, test_delete_own_draft.py).
    assert "delete_challenge" in codenames
    assert editors.permissions.filter(codename="publish_records").exists()
    assert editors.permissions.filter(codename="delete_case").exists()


def test_a_contributor_drafts_a_record_and_the_form_cannot_publish_it(contributor):
    response = post_form(
        contributor,
        reverse("admin:challenges_challenge_add"),
        "challenge_form",
        title="Unclear budgets",
        slug="unclear-budgets",
        summary="Nobody knows who pays.",
        status="published",  # not a field of the form: ignored
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Challenge.objects.get(slug="unclear-budgets").status == Status.DRAFT


def test_a_contributor_cannot_publish_by_any_admin_path(contributor):
    draft = f.make_challenge(status=Status.DRAFT, created_by=contributor.user)
    changelist = reverse("admin:challenges_challenge_changelist")
    # The bulk action is not offered, and posting it does nothing.
    assert "Publish the selected" not in contributor.get(changelist).content.decode()
    contributor.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert status_of(draft) == Status.DRAFT
    # The workflow move is refused.
    assert contributor.post(move_url(draft, "publish")).status_code == 403
    assert status_of(draft) == Status.DRAFT
    # A crafted form post keeps the status.
    post_form(contributor, change_url(draft), "challenge_form", status="published")
    assert status_of(draft) == Status.DRAFT


def test_a_submitted_record_is_the_editors_and_every_move_is_recorded(contributor, client):
    draft = f.make_challenge(status=Status.DRAFT, created_by=contributor.user)
    contributor.post(move_url(draft, "submit"), {"comment": "Ready, I think."})
    assert status_of(draft) == Status.IN_REVIEW
    # In review, the contributor may look but no longer change it.
    assert post_form(contributor, change_url(draft), "challenge_form", title="X").status_code == 403
    step = Transition.objects.get()
    assert (step.user.username, step.from_status, step.to_status, step.comment) == (
        "carla",
        "draft",
        "review",
        "Ready, I think.",
    )


def test_an_editor_sends_back_with_a_comment_then_publishes(editor):
    record = f.make_challenge(status=Status.IN_REVIEW, citations=[f.make_citation()])
    page = editor.get(change_url(record)).content.decode()
    assert "Send back with a comment" in page and "Publish" in page
    # A send-back needs a comment.
    editor.post(move_url(record, "send_back"), {"comment": "  "})
    assert status_of(record) == Status.IN_REVIEW
    editor.post(move_url(record, "send_back"), {"comment": "Cite the table, please."})
    assert status_of(record) == Status.DRAFT
    editor.post(move_url(record, "publish"))
    assert status_of(record) == Status.PUBLISHED
    page = editor.get(change_url(record)).content.decode()
    assert "Cite the table, please." in page and "edith" in page
    assert [t.to_status for t in Transition.objects.order_by("pk")] == ["draft", "published"]


def test_the_admin_index_shows_the_review_queue(editor):
    f.make_challenge(status=Status.IN_REVIEW)
    f.make_practice(status=Status.IN_REVIEW)
    f.make_practice(status=Status.DRAFT)
    page = editor.get(reverse("admin:index")).content.decode()
    assert "2 records waiting for an editor" in page
    assert "Practices: 1 in review" in page
    assert "/admin/practices/practice/?status__exact=review" in page


def test_a_curator_previews_a_draft_at_its_public_address_and_readers_do_not(client, contributor):
    draft = f.make_challenge(title="Hidden barrier", status=Status.DRAFT)
    response = contributor.get(draft.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "Not public — draft" in text and "Hidden barrier" in text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'href="/admin/r/' in contributor.get(change_url(draft)).content.decode()
    contributor.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url() + "?format=json").status_code == 404


def test_a_published_record_has_no_banner_and_may_be_cached(client):
    record = f.make_challenge(title="Open barrier")
    response = client.get(record.get_absolute_url())
    assert "Not public" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")
