"""A citation's stance in the admin: edited inline by every role, refused when
the same place is attached twice, kept by history, followed by the public page."""

import pytest
from django.urls import reverse
from reversion.models import Version

from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Stance, Status
from tests import factories as f
from tests.admin_forms import form_data, post_form
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def stance_of(record, citation):
    return record.attachments.get(citation=citation).stance


def edit(client, record, **changes):
    return post_form(client, change_url(record), f"{record._meta.model_name}_form", **changes)


@pytest.fixture
def contributor(client, django_user_model):
    client.user = make_user(django_user_model, "carla", CONTRIBUTORS)
    client.force_login(client.user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(make_user(django_user_model, "edith", EDITORS))
    return client


@pytest.fixture
def cited():
    """A practice citing a quotation, published."""
    quote = f.make_citation(quotation="Less binding paperwork would have helped.")
    practice = f.make_practice(title="Form data-sharing agreements", citations=[quote])
    return practice, quote


def test_the_change_page_edits_the_stance_for_the_superuser_and_an_editor(
    admin_client, editor, cited
):
    practice, quote = cited
    for client in (admin_client, editor):
        page = client.get(change_url(practice)).content.decode()
        assert "citations (places in the sources) and their stance" in page.lower()
        data = form_data(page, "practice_form")
        assert data["attachments-0-stance"] == [Stance.SUPPORTS]
        assert '<option value="argues-otherwise">argues otherwise</option>' in page
    response = edit(editor, practice, **{"attachments-0-stance": Stance.ARGUES_OTHERWISE})
    assert response.status_code == 302
    assert stance_of(practice, quote) == Stance.ARGUES_OTHERWISE


def test_a_contributor_sets_the_stance_on_their_own_draft(contributor):
    quote = f.make_citation(quotation="It depends on the council.")
    draft = f.make_practice(status=Status.DRAFT, created_by=contributor.user, citations=[quote])
    response = edit(contributor, draft, **{"attachments-0-stance": Stance.QUALIFIES})
    assert response.status_code == 302
    assert stance_of(draft, quote) == Stance.QUALIFIES


def test_a_contributor_cannot_change_the_stance_of_a_published_record(contributor, cited):
    practice, quote = cited
    page = contributor.get(change_url(practice))
    assert page.status_code == 200  # viewed, not changed
    assert 'name="attachments-0-stance"' not in page.content.decode()
    response = contributor.post(change_url(practice), {"attachments-0-stance": "qualifies"})
    assert response.status_code == 403
    assert stance_of(practice, quote) == Stance.SUPPORTS


def test_the_same_place_attached_twice_is_refused_and_nothing_is_lost(admin_client, cited):
    practice, quote = cited
    response = edit(
        admin_client,
        practice,
        summary="A new summary, kept in the form.",
        **{
            "attachments-0-stance": Stance.QUALIFIES,
            "attachments-1-citation": str(quote.pk),
            "attachments-1-stance": Stance.ARGUES_OTHERWISE,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the duplicate data for citation" in page
    assert "A new summary, kept in the form." in page  # nothing typed is lost
    practice.refresh_from_db()
    assert practice.summary != "A new summary, kept in the form."
    assert stance_of(practice, quote) == Stance.SUPPORTS


def test_a_stance_outside_the_three_is_refused_by_the_form(admin_client, cited):
    practice, quote = cited
    response = edit(admin_client, practice, **{"attachments-0-stance": "disagrees"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert stance_of(practice, quote) == Stance.SUPPORTS


def test_a_restore_brings_back_the_old_stance(admin_client, cited):
    practice, quote = cited
    assert edit(admin_client, practice).status_code == 302  # the version to come back to
    edited = edit(admin_client, practice, **{"attachments-0-stance": Stance.ARGUES_OTHERWISE})
    assert edited.status_code == 302
    versions = Version.objects.get_for_object(practice).order_by("pk")
    first, latest = versions
    meta = practice._meta
    compare = reverse(f"admin:{meta.app_label}_{meta.model_name}_compare", args=[practice.pk])
    page = admin_client.get(compare).content.decode()
    assert "(argues otherwise)" in page  # the compare shows the stance that changed
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_revision", args=[practice.pk, first.pk]
    )
    assert post_form(admin_client, url, "practice_form").status_code == 302
    assert stance_of(practice, quote) == Stance.SUPPORTS
    assert practice.citations.get() == quote


def test_a_stance_changed_in_the_admin_shows_on_the_cached_public_page(admin_client, client, cited):
    practice, quote = cited
    before = client.get(practice.get_absolute_url()).content.decode()
    assert client.get(practice.get_absolute_url())["X-Page-Cache"] == "hit"
    assert "Where the sources argue otherwise" not in before
    edit(admin_client, practice, **{"attachments-0-stance": Stance.ARGUES_OTHERWISE})
    after = client.get(practice.get_absolute_url())
    assert "Where the sources argue otherwise" in after.content.decode()
    moment = client.get(quote.get_place_url()).content.decode()
    assert "this place argues otherwise" in moment
