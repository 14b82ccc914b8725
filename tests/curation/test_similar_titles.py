"""A title very like another record's of the same kind is flagged before it is
saved, naming that record; the curator may confirm and save anyway."""

import pytest
from django.urls import reverse

from cases.models import Organisation
from challenges.models import Challenge
from tests import factories as f
from tests.admin_forms import form_data, post_form
from tests.curation.test_history import edit

pytestmark = pytest.mark.django_db

ADD = reverse("admin:challenges_challenge_add")


def add_challenge(client, title, slug, **more):
    fields = {"title": title, "slug": slug, "summary": "Who does what is unclear."}
    return post_form(client, ADD, "challenge_form", **fields, **more)


def test_it_warns_of_a_near_duplicate_title_names_the_record_and_saves_nothing(admin_client):
    existing = f.make_challenge(title="Role clarity", status="draft")

    response = add_challenge(admin_client, "Role  Clarity!", "role-clarity-2")

    text = response.content.decode()
    assert response.status_code == 200
    assert "A challenge with a very similar title exists: “Role clarity”." in text
    change = reverse("admin:challenges_challenge_change", args=[existing.pk])
    assert f'<a href="{change}">Role clarity</a> (draft)' in text
    assert 'name="similar_title_ok"' in text
    assert Challenge.objects.count() == 1


def test_it_saves_a_near_duplicate_once_the_curator_confirms(admin_client):
    f.make_challenge(title="Role clarity")
    refused = add_challenge(admin_client, "Role clarity.", "role-clarity-report")
    data = form_data(refused.content.decode(), "challenge_form")
    data["similar_title_ok"] = ["role clarity"]

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Challenge.objects.filter(slug="role-clarity-report").exists()


def test_it_asks_again_when_the_title_changed_after_the_confirmation(admin_client):
    f.make_challenge(title="Role clarity")
    response = add_challenge(
        admin_client, "Role clarity.", "role-clarity-2", similar_title_ok="something else"
    )
    assert response.status_code == 200
    assert not Challenge.objects.filter(slug="role-clarity-2").exists()


def test_it_says_nothing_of_titles_that_only_share_words(admin_client):
    f.make_organisation(title="Berlin city government")
    add = reverse("admin:cases_organisation_add")

    response = post_form(
        admin_client, add, "organisation_form", title="Paris city government", slug="paris"
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.filter(slug="paris").exists()


def test_it_leaves_an_unchanged_title_alone_when_other_fields_change(admin_client):
    f.make_challenge(title="Role clarity")
    twin = f.make_challenge(title="Role clarity!")

    edit(admin_client, twin, summary="Changed words.")

    assert Challenge.objects.get(pk=twin.pk).summary == "Changed words."
