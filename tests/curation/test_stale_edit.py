"""Two curators on one record: the second save, from a form opened before the
first, is refused with a message, saves nothing and keeps what was typed."""

import pytest
from django.test import Client

from collabkb.curation.roles import EDITORS
from tests import factories as f
from tests.admin_forms import form_data
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def _editor(django_user_model, name):
    client = Client()
    client.force_login(make_user(django_user_model, name, EDITORS))
    return client


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
