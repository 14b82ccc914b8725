"""Every admin path of every record kind, tried by every role: nothing changes
where the person may not act, and what they may do works.

The records of each kind have the same primary keys, so each has a version
of another kind with its id: the crafted restore that once published a case
through a challenge's form.
"""

import io
import json

import pytest
import reversion
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version
from taggit.models import Tag

from cases.models import Case, Organisation
from challenges.models import Challenge
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.exchange.export import export
from collabkb.models import Status, Transition
from practices.models import Practice
from tests import factories as f
from tests.admin_forms import form_data, post_form

KINDS = [Challenge, Practice, Case, Organisation]
# A version of another kind with the same object id as each record.
OTHER_KIND = {Challenge: Case, Practice: Organisation, Case: Challenge, Organisation: Practice}
MAKERS = {
    Challenge: f.make_challenge,
    Practice: f.make_practice,
    Case: f.make_case,
    Organisation: f.make_organisation,
}
# (label, primary key, status now, author); the first version of each has
# the other status side (published or not) and the summary "Old words."
RECORDS = [
    ("a_draft", 7001, Status.DRAFT, "carla"),
    ("b_draft", 7002, Status.DRAFT, "bruno"),
    ("published", 7003, Status.PUBLISHED, None),
    ("in_review", 7004, Status.IN_REVIEW, "carla"),
]
ROLES = ["anonymous", "carla", "bruno", "edith", "root"]
MOVES = ["submit", "withdraw", "send_back", "publish", "unpublish"]
ACTIONS = {
    "submit": "submit_for_review",
    "publish": "publish",
    "unpublish": "unpublish",
    "delete": "delete_selected",
}


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """Five people and sixteen records with a history, made once for the module."""
    with django_db_blocker.unblock():
        users = {
            "carla": f.make_curator("carla", CONTRIBUTORS),
            "bruno": f.make_curator("bruno", CONTRIBUTORS),
            "edith": f.make_curator("edith", EDITORS),
            "root": f.make_curator("root", superuser=True),
        }
        records, first = {}, {}
        for model in KINDS:
            for label, pk, status, author in RECORDS:
                then = Status.DRAFT if status == Status.PUBLISHED else Status.PUBLISHED
                with reversion.create_revision():
                    record = MAKERS[model](
                        pk=pk,
                        status=then,
                        summary="Old words.",
                        tags=["trust"],
                        created_by=users.get(author),
                    )
                model.objects.filter(pk=pk).update(status=status, summary="Current words.")
                records[model, label] = model.objects.get(pk=pk)
                first[model, label] = Version.objects.get_for_object(record).get()
        yield {"users": users, "records": records, "first": first}
        for model in KINDS:
            model.objects.filter(pk__in=[pk for _, pk, _, _ in RECORDS]).delete()
        Revision.objects.all().delete()
        Tag.objects.all().delete()
        for user in users.values():
            user.delete()


def client_for(data, role):
    client = Client()
    if role != "anonymous":
        client.force_login(data["users"][role])
    return client


def state():
    """What a reader or an editor would see change: the records, their history, moves."""
    rows = {
        (model.__name__, row[0]): row
        for model in KINDS
        for row in model.objects.values_list("pk", "status", "title", "summary", "created_by_id")
    }
    tags = sorted(
        (model.__name__, *row)
        for model in KINDS
        for row in model.tags.through.objects.values_list("content_object_id", "tag__name")
    )
    return rows, tags, Version.objects.count(), Transition.objects.count()


_forms = {}


def full_form(admin_url, model):
    """The form at ``admin_url`` as the superuser sees it, the title changed: a
    valid POST, so only a permission check can refuse it."""
    if admin_url not in _forms:
        page = Client()
        page.force_login(User.objects.get(username="root"))
        html = page.get(admin_url).content.decode()
        _forms[admin_url] = form_data(html, f"{model._meta.model_name}_form")
        assert _forms[admin_url], admin_url
    return {**_forms[admin_url], "title": ["Changed by a crafted POST"]}


def attempts(data, model, label):
    """(name, method, url, data) of every admin path on one record."""
    record = data["records"][model, label]
    own = data["first"][model, label]
    other = data["first"][OTHER_KIND[model], label]
    assert other.object_id == str(record.pk) and other.content_type != own.content_type
    change = url(model, "change", record.pk)
    yield "change-get", "get", change, None
    yield "change", "post", change, lambda: full_form(change, model)
    yield "delete-get", "get", url(model, "delete", record.pk), None
    yield "delete", "post", url(model, "delete", record.pk), {"post": "yes"}
    yield "history", "get", url(model, "history", record.pk), None
    compare = url(model, "compare", record.pk)
    yield "compare", "get", f"{compare}?a={other.pk}&b={own.pk}", None
    restore = url(model, "revision", record.pk, own.pk)
    yield "restore-get", "get", restore, None
    yield "restore", "post", restore, lambda: full_form(restore, model)
    crafted = url(model, "revision", record.pk, other.pk)
    yield "restore-other-kind-get", "get", crafted, None
    yield "restore-other-kind", "post", crafted, lambda: full_form(change, model)
    for version, name in ((own, "recover-live"), (other, "recover-other-kind")):
        yield f"{name}-get", "get", url(model, "recover", version.pk), None
        yield name, "post", url(model, "recover", version.pk), lambda: full_form(change, model)
    yield "recoverlist", "get", url(model, "recoverlist"), None
    for move in MOVES:
        comment = {"comment": "Moved by a crafted POST."}
        yield f"move-{move}", "post", url(model, "move", record.pk, move), comment
    for name, action in ACTIONS.items():
        chosen = {"action": action, "_selected_action": [record.pk], "post": "yes"}
        yield f"bulk-{name}", "post", url(model, "changelist"), chosen


def allowed(role, label):
    """The changing paths ``role`` may take on the record ``label``."""
    if role in ("edith", "root"):
        everything = {"change", "delete", "restore", "bulk-delete"}
        everything |= {f"move-{m}" for m in MOVES} | {f"bulk-{m}" for m in ACTIONS}
        return everything
    if (role, label) in (("carla", "a_draft"), ("bruno", "b_draft")):
        return {"change", "delete", "restore", "move-submit", "bulk-submit", "bulk-delete"}
    if (role, label) == ("carla", "in_review"):
        return {"move-withdraw"}
    return set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_changes_nothing_by_any_path_a_person_may_not_take(data, role):
    client = client_for(data, role)
    before = state()
    tried = 0
    for model in KINDS:
        for label, *_ in RECORDS:
            for name, method, address, body in attempts(data, model, label):
                if name in allowed(role, label):
                    continue
                body = body() if callable(body) else body
                response = getattr(client, method)(address, body)
                tried += 1
                where = f"{role}: {name} on {model.__name__} {label}"
                assert response.status_code < 500, where
                if role == "anonymous":
                    assert response.status_code == 302 and "/login/" in response["Location"]
                assert state() == before, where
    assert tried >= 4 * 4 * 9


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["carla", "edith"])
def test_it_refuses_a_version_of_another_kind_with_404(data, role):
    client = client_for(data, role)
    record = data["records"][Challenge, "a_draft"]
    other = data["first"][Case, "a_draft"]
    address = url(Challenge, "revision", record.pk, other.pk)
    assert client.get(address).status_code == 404
    crafted = full_form(url(Challenge, "change", record.pk), Challenge)
    assert client.post(address, crafted).status_code == 404
    # The case of that version stays as it is (a draft; its version was published).
    assert other.field_dict["status"] == Status.PUBLISHED
    assert Case.objects.get(pk=other.object_id).status == Status.DRAFT
    assert client.post(url(Case, "recover", other.pk)).status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("label", ["published", "in_review"])
def test_it_restores_a_version_onto_its_own_record_and_keeps_the_status(data, model, label):
    client = client_for(data, "edith")
    record = data["records"][model, label]
    version = data["first"][model, label]
    assert version.field_dict["status"] != record.status
    response = post_form(
        client, url(model, "revision", record.pk, version.pk), f"{model._meta.model_name}_form"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    restored = model.objects.get(pk=record.pk)
    assert (restored.summary, restored.status) == ("Old words.", record.status)
    assert restored.created_by_id == record.created_by_id
    assert not Transition.objects.exists()
    latest = Version.objects.get_for_object(record).order_by("-pk").first()
    assert latest.revision.user == data["users"]["edith"]


@pytest.mark.django_db
def test_it_lets_an_author_restore_their_draft_and_it_stays_a_draft(data):
    client = client_for(data, "carla")
    record = data["records"][Challenge, "a_draft"]
    version = data["first"][Challenge, "a_draft"]
    assert version.field_dict["status"] == Status.PUBLISHED
    response = post_form(
        client, url(Challenge, "revision", record.pk, version.pk), "challenge_form"
    )
    assert response.status_code == 302
    restored = Challenge.objects.get(pk=record.pk)
    assert (restored.summary, restored.status) == ("Old words.", Status.DRAFT)
    assert restored.created_by == data["users"]["carla"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("how", ["single", "bulk"])
def test_it_keeps_a_deleted_record_for_an_editor_to_recover_as_a_draft(data, model, how):
    client = client_for(data, "edith")
    record = data["records"][model, "published"]
    if how == "single":
        page = client.get(url(model, "delete", record.pk))
        assert page.status_code == 200 and "Are you sure" in page.content.decode()
        response = client.post(url(model, "delete", record.pk), {"post": "yes"})
    else:
        chosen = {"action": "delete_selected", "_selected_action": [record.pk]}
        page = client.post(url(model, "changelist"), chosen)
        assert "Are you sure" in page.content.decode()  # asks first
        assert model.objects.filter(pk=record.pk).exists()
        response = client.post(url(model, "changelist"), {**chosen, "post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    listed = client.get(url(model, "recoverlist"))
    assert listed.status_code == 200 and record.title in listed.content.decode()
    [version] = Version.objects.get_deleted(model).filter(object_id=str(record.pk))
    assert "Deleted" in version.revision.comment
    assert version.revision.user == data["users"]["edith"]
    # Contributors neither see the list nor recover.
    carla = client_for(data, "carla")
    assert carla.get(url(model, "recoverlist")).status_code == 403
    assert carla.post(url(model, "recover", version.pk), {}).status_code == 403
    assert not model.objects.filter(pk=record.pk).exists()
    response = post_form(
        client, url(model, "recover", version.pk), f"{model._meta.model_name}_form"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    back = model.objects.get(pk=record.pk)
    assert (back.title, back.summary, back.status) == (record.title, "Current words.", "draft")
    assert sorted(back.tags.names()) == ["trust"]


@pytest.mark.django_db
def test_it_lets_each_contributor_move_only_their_own_records(data):
    carla, bruno = client_for(data, "carla"), client_for(data, "bruno")
    mine = data["records"][Practice, "a_draft"]
    assert bruno.post(url(Practice, "move", mine.pk, "submit")).status_code == 403
    assert Practice.objects.get(pk=mine.pk).status == Status.DRAFT
    assert "No move is yours" in bruno.get(url(Practice, "change", mine.pk)).content.decode()
    carla.post(url(Practice, "move", mine.pk, "submit"))
    assert Practice.objects.get(pk=mine.pk).status == Status.IN_REVIEW
    carla.post(url(Practice, "move", mine.pk, "withdraw"))
    assert Practice.objects.get(pk=mine.pk).status == Status.DRAFT
    assert [t.user.username for t in Transition.objects.all()] == ["carla", "carla"]


@pytest.mark.django_db
def test_it_records_who_adds_a_record_and_only_editors_see_recover(data):
    carla = client_for(data, "carla")
    response = post_form(
        carla,
        url(Challenge, "add"),
        "challenge_form",
        title="Unclear budgets",
        slug="unclear-budgets",
        summary="Nobody knows who pays.",
    )
    assert response.status_code == 302
    added = Challenge.objects.get(slug="unclear-budgets")
    assert (added.created_by, added.status) == (data["users"]["carla"], Status.DRAFT)
    assert "Recover deleted" not in carla.get(url(Challenge, "changelist")).content.decode()
    edith = client_for(data, "edith")
    assert "Recover deleted" in edith.get(url(Challenge, "changelist")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["carla", "edith", "root"])
def test_it_has_no_merge_tags_view_and_only_editors_rename_tags(data, role):
    client = client_for(data, role)
    tag = Tag.objects.get(name="trust")
    # The address is read as a tag's id now: no tag, no form.
    gone = client.get("/admin/taggit/tag/merge-tags/", follow=True)
    assert gone.status_code == 200 and "new_tag_name" not in gone.content.decode()
    response = client.post(
        "/admin/taggit/tag/", {"action": "render_tag_form", "_selected_action": [tag.pk]}
    )
    assert response.status_code < 500
    client.post(url(Tag, "change", tag.pk), {"name": "renamed", "slug": "renamed"})
    renamed = Tag.objects.filter(name="renamed").exists()
    assert renamed == (role != "carla")
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_it_answers_404_for_a_record_or_version_that_is_not_there(data):
    client = client_for(data, "edith")
    for model in KINDS:
        for address in (
            url(model, "history", "x"),
            url(model, "history", 999999),
            url(model, "compare", "x"),
            url(model, "revision", 999999, 1),
            url(model, "recover", 999999),
        ):
            assert client.get(address).status_code == 404, address
        assert client.post(url(model, "move", "x", "submit")).status_code == 404


@pytest.mark.django_db
def test_it_recovers_only_the_deleted_record_not_the_rest_of_its_revision(data):
    with reversion.create_revision():
        gone = f.make_challenge(status=Status.DRAFT, summary="Saved with a practice.")
        kept = f.make_practice(status=Status.DRAFT, summary="Saved with a challenge.")
    Practice.objects.filter(pk=kept.pk).update(status=Status.PUBLISHED, summary="Since.")
    [version] = Version.objects.get_for_object(gone)
    assert version.revision.version_set.filter(object_id=str(kept.pk)).exists()
    edith = client_for(data, "edith")
    assert edith.post(url(Challenge, "delete", gone.pk), {"post": "yes"}).status_code == 302
    response = post_form(edith, url(Challenge, "recover", version.pk), "challenge_form")
    assert response.status_code == 302
    assert Challenge.objects.get(pk=gone.pk).summary == "Saved with a practice."
    kept.refresh_from_db()
    assert (kept.status, kept.summary) == (Status.PUBLISHED, "Since.")


@pytest.mark.django_db
def test_it_restores_and_recovers_a_record_whose_citation_and_tag_were_removed_since(data):
    edith = client_for(data, "edith")
    citation = f.make_citation()
    with reversion.create_revision():
        record = f.make_challenge(citations=[citation], tags=["passing"], summary="Then.")
    [then] = Version.objects.get_for_object(record)
    Challenge.objects.filter(pk=record.pk).update(summary="Now.")
    citation.delete()
    Tag.objects.filter(name="passing").delete()
    response = post_form(edith, url(Challenge, "revision", record.pk, then.pk), "challenge_form")
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.summary, list(record.citations.all()), list(record.tags.all())) == (
        "Then.",
        [],
        [],
    )
    assert edith.post(url(Challenge, "delete", record.pk), {"post": "yes"}).status_code == 302
    [deleted] = Version.objects.get_deleted(Challenge).filter(object_id=str(record.pk))
    response = post_form(edith, url(Challenge, "recover", deleted.pk), "challenge_form")
    assert response.status_code == 302
    assert Challenge.objects.get(pk=record.pk).status == Status.DRAFT


def test_it_tries_every_registered_record_admin():
    from django.contrib import admin

    from collabkb.admin import RecordAdmin

    registered = {
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, RecordAdmin)
    }
    assert registered == set(KINDS) == set(OTHER_KIND.values())


@pytest.mark.django_db
def test_it_keeps_the_creator_out_of_the_export_and_through_an_import(data, tmp_path):
    record = data["records"][Challenge, "a_draft"]
    source = f.make_citation().source
    text = export(published_only=False)  # the draft and the unused citation too
    assert "created_by" not in text and '"carla"' not in text
    batched = json.loads(text)
    # A source given by its id, not its natural key: imported object by object.
    one_by_one = json.loads(text)
    [citation] = [item for item in one_by_one if item["model"] == "collabkb.citation"]
    citation["fields"]["source"] = source.pk
    for name, items in (("batched", batched), ("one-by-one", one_by_one)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(items))
        out = io.StringIO()
        # The citation's source changes on published records: an editor's import.
        options = ["--publish", "--user", "edith"]
        call_command("import_kb", str(path), *options, stdout=out, stderr=io.StringIO())
        assert Challenge.objects.get(pk=record.pk).created_by == data["users"]["carla"], name
