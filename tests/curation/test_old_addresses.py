"""A published record whose slug changes keeps its old address: a permanent
redirect to the new one. A draft's old slug says nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from cases.models import Case
from challenges.models import Challenge
from collabkb.models import OldAddress, Status
from practices.models import Practice
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_history import edit

pytestmark = pytest.mark.django_db


def test_it_redirects_the_old_address_of_a_published_record_permanently(admin_client):
    practice = f.make_practice(title="Shared vision", slug="shared-vision", status="published")
    edit(admin_client, practice, slug="a-shared-vision")

    reader = Client()
    response = reader.get("/practices/shared-vision/?format=json")

    assert response.status_code == 301
    assert response["Location"] == "/practices/a-shared-vision/?format=json"
    assert reader.get("/practices/a-shared-vision/").status_code == 200


@pytest.mark.parametrize("model", [Challenge, Practice, Case])
def test_it_redirects_every_kind(admin_client, model):
    maker = {Challenge: f.make_challenge, Practice: f.make_practice, Case: f.make_case}[model]
    record = maker(title="Old name", slug="old-name", status="published")
    edit(admin_client, record, slug="new-name")

    response = Client().get(model(slug="old-name").get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == model(slug="new-name").get_absolute_url()


def test_it_answers_an_old_address_in_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries
):
    case = f.make_case(title="Catalyst", slug="catalyst", status="published")
    edit(admin_client, case, slug="catalyst-project")
    reader = Client()
    # The versions of the content (the page cache), the record by its slug,
    # and the record that was at that address: for a 404 and a 301 alike.
    with django_assert_num_queries(3):
        assert reader.get("/cases/no-such-case/").status_code == 404
    with django_assert_num_queries(3):
        assert reader.get("/cases/catalyst/").status_code == 301


def test_it_keeps_no_old_address_for_a_draft(admin_client):
    draft = f.make_organisation(title="Secret lab", slug="secret-lab", status="draft")
    edit(admin_client, draft, slug="secret-laboratory")

    response = Client().get("/organisations/secret-lab/")

    assert response.status_code == 404
    assert "secret-laboratory" not in response.content.decode()
    assert not OldAddress.objects.exists()


def test_it_forgets_nothing_but_shows_nothing_once_the_record_is_unpublished(admin_client):
    challenge = f.make_challenge(title="Role clarity", slug="role-clarity", status="published")
    edit(admin_client, challenge, slug="clear-roles")
    Challenge.objects.filter(pk=challenge.pk).update(status=Status.DRAFT)

    response = Client().get("/challenges/role-clarity/")

    assert response.status_code == 404
    assert "clear-roles" not in response.content.decode()
    # A curator previewing drafts follows it to the draft.
    assert admin_client.get("/challenges/role-clarity/")["Location"] == "/challenges/clear-roles/"


def test_a_slug_changed_back_is_its_records_own_address_again(admin_client):
    challenge = f.make_challenge(title="Trust", slug="trust", status="published")
    edit(admin_client, challenge, slug="mutual-trust")
    edit(admin_client, challenge, slug="trust")

    reader = Client()
    assert reader.get("/challenges/trust/").status_code == 200
    assert reader.get("/challenges/mutual-trust/")["Location"] == "/challenges/trust/"
    assert list(OldAddress.objects.values_list("slug", flat=True)) == ["mutual-trust"]


def test_a_restore_that_brings_an_old_slug_back_redirects_the_newer_one(admin_client):
    challenge = f.make_challenge(title="Trust", slug="trust", status="published")
    edit(admin_client, challenge, summary="First words.")
    edit(admin_client, challenge, slug="mutual-trust")
    first = Version.objects.get_for_object(challenge).order_by("pk").first()
    restore = reverse("admin:challenges_challenge_revision", args=[challenge.pk, first.pk])

    assert post_form(admin_client, restore, "challenge_form").status_code == 302

    reader = Client()
    assert reader.get("/challenges/trust/").status_code == 200
    assert reader.get("/challenges/mutual-trust/")["Location"] == "/challenges/trust/"
