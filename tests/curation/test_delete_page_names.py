"""A delete page names what goes with the record in words a curator reads."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_names_a_cases_places_and_a_links_citations_on_the_delete_page(admin_client):
    linked = f.make_linked_set()
    case, practice = linked["case"], linked["practice"]
    place = f.make_place(name="United Kingdom", kind="country", country="United Kingdom")
    case.places.set([place])
    case.title = "Catalyst project"
    case.save()
    link = case.exemplifies_links.get()
    link.basis = "stated"
    link.save()
    link.citations.set([practice.citations.first()])

    page = admin_client.get(reverse("admin:cases_case_delete", args=[case.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "object (" not in text
    assert "Catalyst project — in United Kingdom" in text
    assert f"Catalyst project → {practice} — citing" in text


def test_it_names_a_challenges_levels_on_the_delete_page(admin_client):
    challenge = f.make_challenge(title="Role clarity", levels=["individual"])

    page = admin_client.get(reverse("admin:challenges_challenge_delete", args=[challenge.pk]))

    assert "object (" not in page.content.decode()
    assert "Role clarity — level: " in page.content.decode()
