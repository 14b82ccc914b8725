"""The admin's autocomplete choices come in the order of their lists, page after page."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def choices(client, app_label, model_name, field_name, page=1):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": "",
            "page": page,
        },
    )
    assert response.status_code == 200
    found = response.json()
    return [result["text"] for result in found["results"]], found["pagination"]["more"]


def test_it_offers_a_cases_organisations_by_title_over_two_pages(admin_client):
    # Added in another order than their titles'.
    titles = [f"Organisation {n:02}" for n in range(25)]
    for title in reversed(titles):
        f.make_organisation(title=title)
    first, more = choices(admin_client, "cases", "participation", "organisation")
    assert more
    second, more = choices(admin_client, "cases", "participation", "organisation", page=2)
    assert not more
    assert first + second == titles


def test_it_offers_a_citations_sources_by_title(admin_client):
    f.make_source(title="Zebra crossings report")
    f.make_source(title="Alpine passes webinar")
    offered, _ = choices(admin_client, "collabkb", "citation", "source")
    assert offered == ["Alpine passes webinar", "Zebra crossings report"]
