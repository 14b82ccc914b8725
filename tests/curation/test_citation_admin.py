"""Quotes that share a place: each saved and edited, told apart in the admin;
only a true duplicate (same source, place and quotation) is refused."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from collabkb.curation.roles import EDITORS
from collabkb.models import Citation
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_review import change_url

pytestmark = pytest.mark.django_db

PLACE = "Appendix 4 — Concept: forming expectations"
FIRST = "We had to agree what each side expected before any work started on the project."
SECOND = "Nobody told the officers what the university could deliver in a single year."


@pytest.fixture
def quotes():
    """Two interview quotes from one appendix place of a report."""
    report = f.make_source(title="The Catalyst report", short_name="Catalyst report")
    place = {"locator_kind": "appendix", "locator": PLACE, "position": 96}
    first = f.make_citation(report, quotation=FIRST, speaker_role="university", **place)
    second = f.make_citation(report, quotation=SECOND, speaker_role="public-sector", **place)
    return first, second


@pytest.fixture(params=["editor", "superuser"])
def curator(request, client):
    if request.param == "editor":
        client.force_login(f.make_curator("edith", EDITORS))
    else:
        client.force_login(f.make_curator("root", superuser=True))
    return client


def save(client, citation, **changes):
    return post_form(client, change_url(citation), "citation_form", **changes)


def add(client, **fields):
    return post_form(client, reverse("admin:collabkb_citation_add"), "citation_form", **fields)


def test_a_quote_sharing_its_place_is_saved_with_its_corrected_words(curator, quotes):
    first, second = quotes
    corrected = SECOND.replace("single year", "single academic year")
    response = save(curator, second, quotation=corrected)
    assert response.status_code == 302, response.content.decode()[:3000]
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.quotation, first.quotation) == (corrected, FIRST)


def test_a_second_quotation_from_a_cited_place_is_added(curator, quotes):
    first, _ = quotes
    third = "The expectations were written down in the end, but only after the first year."
    response = add(
        curator,
        source=str(first.source_id),
        locator_kind="appendix",
        locator=PLACE,
        position="96",
        quotation=third,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Citation.objects.get(quotation=third)
    assert (added.locator, added.source_id) == (PLACE, first.source_id)
    assert Citation.objects.filter(locator=PLACE).count() == 3


def test_the_same_quotation_at_the_same_place_is_refused_and_nothing_changes(curator, quotes):
    first, second = quotes
    # Changed into the other quote (spaced otherwise): a true duplicate.
    response = save(curator, second, quotation="  " + FIRST.replace(" ", "\n  ", 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This quotation is already cited at this place" in page
    assert change_url(first) in page
    second.refresh_from_db()
    assert second.quotation == SECOND
    # Added a third time: refused the same way, nothing added.
    response = add(
        curator,
        source=str(first.source_id),
        locator_kind="appendix",
        locator=PLACE.lower(),
        quotation=FIRST,
    )
    assert response.status_code == 200
    assert "This quotation is already cited at this place" in response.content.decode()
    assert Citation.objects.count() == 2


def test_the_same_quotation_at_another_place_or_source_is_not_a_duplicate(admin_client, quotes):
    first, _ = quotes
    elsewhere = add(
        admin_client,
        source=str(first.source_id),
        locator_kind="appendix",
        locator="Appendix 4 — Concept: role clarity",
        quotation=FIRST,
    )
    assert elsewhere.status_code == 302, elsewhere.content.decode()[:3000]
    other = f.make_source(title="Another report")
    response = add(
        admin_client, source=str(other.pk), locator_kind="appendix", locator=PLACE, quotation=FIRST
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Citation.objects.filter(quotation=FIRST).count() == 3


def test_quotes_at_one_place_read_apart_in_a_record_form_and_the_autocomplete(admin_client, quotes):
    first, second = quotes
    record = f.make_challenge(title="Misaligned expectations", citations=[first, second])
    practice = f.make_practice(title="Agree expectations early", addresses=[record])
    page = admin_client.get(change_url(record)).content.decode()
    first_label = (
        f"{PLACE} · Catalyst report — “We had to agree what each side expected…” (University actor)"
    )
    second_label = (
        f"{PLACE} · Catalyst report — "
        "“Nobody told the officers what the university could…” (Public-sector actor)"
    )
    assert first.curator_label == first_label and second.curator_label == second_label
    assert first_label in page and second_label in page
    # What public pages print stays the place and the source.
    assert str(first) == str(second) == f"{PLACE} · Catalyst report"
    for app_label, model_name, field_name in (
        ("challenges", "challengecitation", "citation"),
        ("practices", "addressing", "citations"),
    ):
        found = admin_client.get(
            reverse("admin:collabkb_citation_autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": "forming expectations",
            },
        )
        assert found.status_code == 200, (model_name, found.content.decode()[:500])
        texts = sorted(result["text"] for result in found.json()["results"])
        assert texts == sorted([first_label, second_label])
    # A link's citations read the same way on the practice's form.
    link = practice.addresses_links.get()
    link.citations.set([second])
    assert second_label in admin_client.get(change_url(practice)).content.decode()
    listed = admin_client.get(reverse("admin:collabkb_citation_changelist")).content.decode()
    assert first_label in listed and second_label in listed


@pytest.mark.usefixtures("shipped_content")
def test_every_shipped_citation_saves_as_it_is_and_has_a_label_of_its_own(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[Citation]
    citations = list(Citation.objects.select_related("source"))
    assert len(citations) > 200
    labels = {citation.curator_label for citation in citations}
    assert len(labels) == len(citations)
    refused = []
    for citation in citations:
        form_class = model_admin.get_form(request, citation)
        data = {
            name: getattr(citation, name + "_id", None) or getattr(citation, name)
            for name in form_class.base_fields
        }
        form = form_class(data=data, instance=citation)
        if not form.is_valid():
            refused.append((citation.key, form.errors.as_text()))
    assert refused == []
