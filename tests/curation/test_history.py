"""History: every admin change is a revision with its author; compare and restore."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from collabkb.curation.roles import CONTRIBUTORS
from collabkb.exchange.export import export
from collabkb.models import Status
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def edit(client, record, **changes):
    response = post_form(client, change_url(record), f"{record._meta.model_name}_form", **changes)
    assert response.status_code == 302, response.content.decode()[:3000]


def compare_url(record, **versions):
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_compare", args=[record.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in versions.items()) if versions else "")


def test_each_save_is_a_revision_with_its_author_and_the_diff_is_word_by_word(admin_client):
    record = f.make_challenge(title="Weak ties", summary="Partners rarely meet in person.")
    edit(admin_client, record, summary="Partners rarely meet.")
    edit(admin_client, record, summary="Partners seldom meet.", tags="trust, distance")
    versions = Version.objects.get_for_object(record)
    assert versions.count() == 2
    assert {v.revision.user.username for v in versions} == {"admin"}
    page = admin_client.get(compare_url(record)).content.decode()
    assert "<del>rarely</del>" in page and "<ins>seldom</ins>" in page
    assert "distance" in page  # the tags changed in the same revision
    oldest, newest = versions.order_by("pk")
    page = admin_client.get(compare_url(record, a=oldest.pk, b=newest.pk)).content.decode()
    assert "<del>rarely meet.</del>" in page or "<del>rarely</del>" in page


def test_a_restore_brings_back_the_text_and_tags_keeps_the_status_and_is_recorded(admin_client):
    record = f.make_challenge(title="Weak ties", summary="First words.", tags=["trust"])
    edit(admin_client, record, summary="First words.")  # the version to come back to
    edit(admin_client, record, summary="Second words.", tags="funding")
    first = Version.objects.get_for_object(record).order_by("pk").first()
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_revision", args=[record.pk, first.pk])
    record.status = Status.PUBLISHED
    record.save()
    response = post_form(admin_client, url, "challenge_form")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.summary == "First words."
    assert {t.name for t in record.tags.all()} == {"trust"}
    assert record.status == Status.PUBLISHED
    latest = Version.objects.get_for_object(record).order_by("-pk").first()
    assert latest.revision.get_comment().startswith("Restored the version saved on")
    assert Version.objects.get_for_object(record).count() == 3


def test_a_contributor_cannot_restore_a_published_record(client, django_user_model, admin_user):
    record = f.make_challenge(title="Weak ties", summary="Old.")
    client.force_login(admin_user)
    edit(client, record, summary="Old.")
    edit(client, record, summary="New.")
    first = Version.objects.get_for_object(record).order_by("pk").first()
    client.force_login(make_user(django_user_model, "carla", CONTRIBUTORS))
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_revision", args=[record.pk, first.pk])
    assert client.post(url, {"title": "x"}).status_code == 403
    record.refresh_from_db()
    assert record.summary == "New."


def test_history_is_not_part_of_the_export(admin_client):
    record = f.make_challenge(title="Weak ties")
    before = export()
    edit(admin_client, record)
    assert Version.objects.exists()
    after = export()
    assert "reversion" not in after
    # Only the record's updated time moved.
    assert len(before.splitlines()) == len(after.splitlines())


def test_groups_are_not_needed_to_read_history_for_superusers(admin_client):
    assert Group.objects.filter(name=CONTRIBUTORS).exists()
    record = f.make_challenge()
    assert admin_client.get(compare_url(record)).status_code == 200
    assert "nothing to compare yet" in admin_client.get(compare_url(record)).content.decode()


def addressed_by(practice):
    """What the challenge's form posts to link ``practice`` to it, with a reason."""
    return {
        "addressed_by_links-0-practice": str(practice.pk),
        "addressed_by_links-0-reason": "Both are about roles.",
    }


def test_a_link_edited_from_the_challenge_is_in_the_practices_history_too(admin_client):
    challenge = f.make_challenge(title="Role clarity", summary="Before.")
    practice = f.make_practice(title="Define roles")
    edit(admin_client, challenge, **addressed_by(practice))
    [version] = Version.objects.get_for_object(practice)
    [link] = version.revision.version_set.filter(content_type__model="addressing")
    assert link.field_dict["challenge_id"] == challenge.pk
    assert link.field_dict["reason"] == "Both are about roles."
    assert version.revision.user.username == "admin"


def test_a_restore_leaves_other_records_of_the_same_revision_alone(admin_client):
    challenge = f.make_challenge(title="Role clarity", summary="Before.")
    practice = f.make_practice(title="Define roles")
    edit(admin_client, challenge, **addressed_by(practice))
    edit(admin_client, challenge, summary="After.")
    practice.title = "Define roles early"
    practice.save()
    first = Version.objects.get_for_object(challenge).order_by("pk").first()
    meta = challenge._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_revision", args=[challenge.pk, first.pk]
    )
    assert post_form(admin_client, url, "challenge_form").status_code == 302
    challenge.refresh_from_db()
    practice.refresh_from_db()
    assert challenge.summary == "Before."
    assert practice.title == "Define roles early"


def test_restoring_an_organisation_keeps_the_cases_it_joined_since(admin_client):
    organisation = f.make_organisation(title="Essex", summary="First.")
    first_case = f.make_case(title="A lab", organisations=[organisation])
    edit(admin_client, organisation, summary="First.")
    second_case = f.make_case(title="Another lab", organisations=[organisation])
    edit(admin_client, organisation, summary="Second.")
    first = Version.objects.get_for_object(organisation).order_by("pk").first()
    meta = organisation._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_revision", args=[organisation.pk, first.pk]
    )
    assert post_form(admin_client, url, "organisation_form").status_code == 302
    organisation.refresh_from_db()
    assert organisation.summary == "First."
    # The participations are the cases': a restore of the organisation leaves them.
    assert set(organisation.cases.all()) == {first_case, second_case}
