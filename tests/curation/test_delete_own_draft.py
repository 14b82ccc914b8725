"""A contributor may delete their own drafts, and nothing else."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case
from challenges.models import Challenge
from collabkb.curation.roles import CONTRIBUTORS
from tests import factories as f

pytestmark = pytest.mark.django_db


def delete_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[record.pk])


@pytest.fixture
def people():
    carla, bruno = f.make_curator("carla", CONTRIBUTORS), f.make_curator("bruno", CONTRIBUTORS)
    client = Client()
    client.force_login(carla)
    return client, carla, bruno


def test_it_lets_a_contributor_delete_their_own_draft_after_asking(people):
    client, carla, _ = people
    draft = f.make_case(title="My first case", status="draft", created_by=carla)
    f.make_example(draft)

    page = client.get(delete_url(draft))
    assert page.status_code == 200 and "Are you sure" in page.content.decode()
    response = client.post(delete_url(draft), {"post": "yes"})

    assert response.status_code == 302
    assert not Case.objects.filter(pk=draft.pk).exists()


def test_it_offers_the_delete_link_on_the_contributors_own_draft(people):
    client, carla, _ = people
    draft = f.make_challenge(title="My challenge", status="draft", created_by=carla)

    page = client.get(reverse("admin:challenges_challenge_change", args=[draft.pk]))

    assert delete_url(draft) in page.content.decode()


@pytest.mark.parametrize(
    "status, author",
    [("draft", "bruno"), ("draft", None), ("review", "carla"), ("published", "carla")],
)
def test_it_refuses_to_delete_what_is_not_a_contributors_own_draft(people, status, author):
    client, carla, bruno = people
    by = {"carla": carla, "bruno": bruno, None: None}[author]
    record = f.make_challenge(title="Not mine to delete", status=status, created_by=by)

    assert client.get(delete_url(record)).status_code == 403
    assert client.post(delete_url(record), {"post": "yes"}).status_code == 403
    assert Challenge.objects.filter(pk=record.pk).exists()


def test_it_refuses_a_bulk_delete_that_takes_in_someone_elses_draft(people):
    client, carla, bruno = people
    mine = f.make_challenge(title="Mine", status="draft", created_by=carla)
    theirs = f.make_challenge(title="Theirs", status="draft", created_by=bruno)
    chosen = {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"}

    response = client.post(reverse("admin:challenges_challenge_changelist"), chosen)

    assert response.status_code == 403
    assert Challenge.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2
