"""Two curators on one record: the second save, from a form opened before the
first, is refused with a message, saves nothing and keeps what was typed."""

import re

import pytest
import reversion
from django.test import Client
from django.utils import timezone

from collabkb.curation.roles import EDITORS
from collabkb.models import Stance, Status
from tests import factories as f
from tests.admin_forms import form_data
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def _editor(django_user_model, name):
    client = Client()
    client.force_login(make_user(django_user_model, name, EDITORS))
    return client


def _kept(make, **fields):
    """A record made with a first version in its history, as a load makes it."""
    with reversion.create_revision():
        return make(**fields)


def _post(client, record, data, **changes):
    data = {**data, **{name: [value] for name, value in changes.items()}}
    return client.post(change_url(record), data)


@pytest.mark.parametrize("make", [f.make_challenge, f.make_practice, f.make_case])
def test_a_stale_form_cannot_overwrite_someone_elses_save(make, django_user_model):
    record = make(title="Turf", summary="The first words.")
    form_id = f"{record._meta.model_name}_form"
    ann = _editor(django_user_model, "ann")
    bob = _editor(django_user_model, "bob")
    anns = form_data(ann.get(change_url(record)).text, form_id)
    bobs = form_data(bob.get(change_url(record)).text, form_id)
    assert anns["loaded_at"] == bobs["loaded_at"] != [""]
    assert _post(ann, record, anns, summary="Ann's words.").status_code == 302
    response = _post(bob, record, bobs, summary="Bob's words.")
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.text
    assert "Bob&#x27;s words." in response.text  # what Bob typed is still in the form
    record.refresh_from_db()
    assert record.summary == "Ann's words."
    # Opened again, Bob's form carries the new time and saves.
    bobs = form_data(bob.get(change_url(record)).text, form_id)
    assert _post(bob, record, bobs, summary="Bob's words.").status_code == 302
    record.refresh_from_db()
    assert record.summary == "Bob's words."


def test_the_refusal_says_who_saved_when_and_which_fields(django_user_model):
    record = _kept(f.make_challenge, title="Turf", summary="The first words.")
    ann = _editor(django_user_model, "ann")
    bob = _editor(django_user_model, "bob")
    anns = form_data(ann.get(change_url(record)).text, "challenge_form")
    bobs = form_data(bob.get(change_url(record)).text, "challenge_form")
    _post(ann, record, anns, summary="Ann's words.", title="Turf wars")
    response = _post(bob, record, bobs, body="Bob's body.")
    assert response.status_code == 200
    record.refresh_from_db()
    when = timezone.localtime(record.updated).strftime("%-d %b %Y at %H:%M")
    assert f"after you opened it: ann, on {when}, changing Title, Summary" in response.text
    compare = f"/admin/challenges/challenge/{record.pk}/history/compare/?a="
    assert f'(<a href="{compare}' in response.text
    assert "compare the version you opened with theirs</a>)" in response.text
    assert "Bob&#x27;s body." in response.text
    assert record.body == ""


def test_a_stale_form_that_changes_only_a_citation_row_is_refused(django_user_model):
    citation = f.make_citation(quotation="We had to agree.")
    record = f.make_challenge(title="Turf", citations=[citation])
    ann = _editor(django_user_model, "ann")
    bob = _editor(django_user_model, "bob")
    anns = form_data(ann.get(change_url(record)).text, "challenge_form")
    bobs = form_data(bob.get(change_url(record)).text, "challenge_form")
    [stance] = [name for name in bobs if name.endswith("-0-stance")]
    assert bobs[stance] == [Stance.SUPPORTS]
    assert _post(ann, record, anns, summary="Ann's words.").status_code == 302
    response = _post(bob, record, bobs, **{stance: Stance.QUALIFIES})
    assert response.status_code == 200
    assert "Someone saved this record after you opened it: ann" in response.text
    through = record.citations.through.objects.get(challenge=record)
    assert through.stance == Stance.SUPPORTS
    record.refresh_from_db()
    assert record.summary == "Ann's words."


def test_a_move_from_a_page_opened_before_a_save_is_refused(django_user_model):
    record = _kept(
        f.make_challenge, title="Turf", status=Status.DRAFT, citations=[f.make_citation()]
    )
    ann = _editor(django_user_model, "ann")
    bob = _editor(django_user_model, "bob")
    anns = form_data(ann.get(change_url(record)).text, "challenge_form")
    page = bob.get(change_url(record)).text
    [bobs_move] = [
        form
        for form in re.findall(r'<form method="post" action="([^"]+)"', page)
        if form.endswith("/move/publish/")
    ]
    loaded = form_data(page, "challenge_form")["loaded_at"]
    assert _post(ann, record, anns, summary="Ann's words.").status_code == 302
    response = bob.post(bobs_move, {"comment": "", "loaded_at": loaded}, follow=True)
    assert "Someone saved this record after you opened it: ann" in response.text
    assert "changing Summary" in response.text
    assert "“Publish” was not done" in response.text
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    # From the page as it is now, the move is made.
    fresh = form_data(response.text, "challenge_form")["loaded_at"]
    bob.post(bobs_move, {"comment": "", "loaded_at": fresh})
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
