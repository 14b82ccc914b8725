"""Every model's admin pages open for a curator, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Organisation, Place
from challenges.models import Challenge
from collabkb.models import Citation, Source
from practices.models import Practice, Series
from tests import factories as f

pytestmark = pytest.mark.django_db

MODELS = [Source, Citation, Challenge, Series, Practice, Case, Organisation, Place]


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def make_records(n):
    """n linked sets: every model has at least n rows, cited and tagged."""
    for _ in range(n):
        f.make_linked_set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_opens_the_changelist_add_and_change_pages(admin_client, model):
    make_records(1)
    obj = model.objects.first()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


# Queries of a changelist: the session and the user; the filtered and the total
# count; the page of rows (with list_select_related and the citation-count
# annotation in it); the tags of the page, prefetched; and one query each for the
# choices of the tag, source and series filters. None depends on the rows.
CHANGELIST_QUERIES = {
    Source: 5,  # session, user, 2 counts, rows
    Citation: 7,  # + source filter choices, concept filter choices
    # Record kinds: + the savepoint and release of the history revision that
    # wraps a changelist (its actions are recorded).
    Challenge: 12,  # + tag, source and level filter choices, the tags and levels prefetches
    Series: 6,  # + source filter choices
    Practice: 11,  # + tag, source and series filter choices, the tags prefetch
    Case: 11,  # + tag, source and place-country choices (sectors are fixed), tags
    Organisation: 11,  # + tag, source and country filter choices, tags
    Place: 6,  # + country filter choices
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_runs_the_changelist_in_the_same_number_of_queries_at_3_and_30(admin_client, model):
    url = admin_url(model, "changelist")
    counts = []
    for new_sets in (3, 27):
        make_records(new_sets)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts.append(len(queries))
    assert model.objects.count() >= 30
    assert counts == [CHANGELIST_QUERIES[model]] * 2, f"{model.__name__}: {counts}"


def test_it_searches_challenges_by_title(admin_client):
    f.make_challenge(title="Role clarity")
    f.make_challenge(title="Risk aversion")
    response = admin_client.get(admin_url(Challenge, "changelist"), {"q": "role"})
    assert "Role clarity" in response.text
    assert "Risk aversion" not in response.text


def test_it_publishes_drafts_with_an_admin_action(admin_client):
    draft = f.make_challenge(status="draft", citations=[f.make_citation()])
    admin_client.post(
        admin_url(Challenge, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "published"


def test_it_links_to_the_public_page_from_the_change_page(admin_client):
    challenge = f.make_challenge()
    response = admin_client.get(admin_url(Challenge, "change", challenge.pk))
    assert "View on site" in response.text


def test_it_saves_a_citation_with_only_a_label_and_resolves_its_second(admin_client):
    video = f.make_source(kind=Source.Kind.VIDEO, slug="webinar")
    response = admin_client.post(
        admin_url(Citation, "add"),
        {"source": video.pk, "key": "", "timestamp_label": "28:12:00", "position": 0},
    )
    assert response.status_code == 302, response.text[:2000]
    citation = Citation.objects.get(source=video)
    assert (citation.second, citation.needs_review, citation.key) == (
        1692,
        False,
        "webinar-1692",
    )


def test_it_shows_a_clear_error_for_a_label_that_does_not_parse(admin_client):
    video = f.make_source(kind=Source.Kind.VIDEO)
    response = admin_client.post(
        admin_url(Citation, "add"),
        {"source": video.pk, "timestamp_label": "half past", "position": 0},
    )
    assert response.status_code == 200
    assert "is not a timestamp" in response.text
    assert not Citation.objects.exists()
