"""A country is chosen from the ISO 3166 list; an international body has none."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import countries
from cases.models import Organisation, Place
from explore.worldmap.names import ATLAS_NAMES
from explore.worldmap.views import atlas
from tests import factories as f
from tests.admin_forms import post_form

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "collabkb.json"


def test_every_country_of_the_shipped_fixture_is_in_the_list():
    rows = json.loads(FIXTURE.read_text())
    found = {
        (row["model"], row["fields"]["country"])
        for row in rows
        if row["model"] in ("cases.organisation", "cases.place")
    }
    assert found
    allowed = set(countries.names())
    assert {(model, name) for model, name in found if name not in allowed} == {
        ("cases.organisation", "")
    }


def test_the_list_names_countries_in_plain_english_in_alphabetical_order():
    names = countries.names()
    assert {"United Kingdom", "United States", "Latvia", "Bolivia", "South Korea"} <= set(names)
    assert names.index("Åland Islands") < names.index("Albania")
    assert countries.known("  latvia ") == "Latvia"
    assert countries.known("Latveria") is None


def test_every_name_the_map_translates_is_drawn_on_the_map():
    data = atlas()
    assert set(ATLAS_NAMES) <= set(countries.names())
    assert {name for name in ATLAS_NAMES.values() if name not in data["countries"]} <= set(
        data["points"]
    )


@pytest.mark.django_db
def test_it_refuses_a_country_outside_the_list_with_a_message():
    organisation = Organisation(title="LU", slug="lu", sector="academic", country="latvia")
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "“latvia” is not a country of the list" in str(refused.value)
    place = Place(slug="riga", name="Riga", kind="city", country="Latvia")
    place.full_clean()


@pytest.mark.django_db
def test_it_refuses_a_country_for_an_international_body():
    oecd = Organisation(title="OECD", slug="oecd", sector="international", country="France")
    with pytest.raises(ValidationError) as refused:
        oecd.full_clean()
    assert "An international body has no country" in str(refused.value)
    oecd.country = ""
    oecd.full_clean()


@pytest.mark.django_db
def test_the_organisation_form_offers_the_list_and_no_country(admin_client):
    organisation = f.make_organisation(title="University of Latvia", country="Latvia")
    change = reverse("admin:cases_organisation_change", args=[organisation.pk])

    page = admin_client.get(change).content.decode()

    assert '<option value="Latvia" selected>Latvia</option>' in page
    assert f'<option value="">{countries.NONE}</option>' in page
    response = post_form(admin_client, change, "organisation_form", country="latvia")
    assert response.status_code == 200
    assert "Select a valid choice. latvia is not one of the available choices." in (
        response.content.decode()
    )
    assert Organisation.objects.get(pk=organisation.pk).country == "Latvia"
