"""Shared things (citations, places, tags, series, sources): only editors change
what others' records show, and every change is in the history of each
published record that shows it, with its "Last updated" and the feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Status
from practices.models import Practice
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_review import change_url

pytestmark = pytest.mark.django_db

QUOTE = "We had to agree what each side expected before any work started."
REWRITTEN = "We never agreed anything and it went very well."
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


@pytest.fixture
def cited():
    """A published practice and a draft challenge citing one quotation."""
    citation = f.make_citation(quotation=QUOTE)
    practice = f.make_practice(citations=[citation], tags=["trust"], title="Shared vision")
    draft = f.make_challenge(citations=[citation], status=Status.DRAFT)
    Practice.objects.filter(pk=practice.pk).update(updated=LONG_AGO)
    return citation, practice, draft


def signed_in(client, name, role):
    user = f.make_curator(name, role)
    client.force_login(user)
    return user


def save(client, obj, form_id, **changes):
    return post_form(client, change_url(obj), form_id, **changes)


def test_a_contributors_change_to_a_quotation_a_published_record_shows_is_refused(client, cited):
    citation, practice, _ = cited
    signed_in(client, "carla", CONTRIBUTORS)
    page = client.get(change_url(citation))
    assert page.status_code == 200  # read-only: no save button
    assert b'name="_save"' not in page.content
    data = {"quotation": REWRITTEN, "source": citation.source_id}
    response = client.post(change_url(citation), data)
    assert response.status_code == 403
    citation.refresh_from_db()
    assert citation.quotation == QUOTE
    assert not Version.objects.get_for_object(practice).exists()


def test_a_contributor_may_not_rename_a_tag_place_or_series_that_readers_see(client):
    place = f.make_place(name="United Kingdom", country="United Kingdom", kind="country")
    f.make_case().places.add(place)
    series = f.make_series(title="Five lessons")
    f.make_practice(series=series, number=1, tags=["trust"])
    signed_in(client, "carla", CONTRIBUTORS)
    tag = Tag.objects.get(name="trust")
    for obj, data in [
        (place, {"name": "Britain", "slug": place.slug, "kind": "country", "country": "Britain"}),
        (tag, {"name": "distrust", "slug": tag.slug}),
        (series, {"title": "Six lessons", "slug": series.slug}),
    ]:
        assert client.post(change_url(obj), data).status_code == 403
    place.refresh_from_db()
    tag.refresh_from_db()
    series.refresh_from_db()
    assert (place.name, tag.name, series.title) == ("United Kingdom", "trust", "Five lessons")


def test_a_contributor_changes_a_citation_only_their_own_draft_uses(client):
    carla = signed_in(client, "carla", CONTRIBUTORS)
    citation = f.make_citation(quotation=QUOTE)
    f.make_challenge(citations=[citation], status=Status.DRAFT, created_by=carla)
    response = save(client, citation, "citation_form", quotation=REWRITTEN)
    assert response.status_code == 302, response.content.decode()[:2000]
    citation.refresh_from_db()
    assert citation.quotation == REWRITTEN


def test_an_editors_change_is_in_the_history_of_the_published_record_that_shows_it(client, cited):
    citation, practice, draft = cited
    newer = f.make_challenge(title="Role clarity")
    type(newer).objects.filter(pk=newer.pk).update(
        updated=timezone.now() - datetime.timedelta(days=1)
    )
    edith = signed_in(client, "edith", EDITORS)
    response = save(client, citation, "citation_form", quotation=REWRITTEN)
    assert response.status_code == 302, response.content.decode()[:2000]
    [version] = Version.objects.get_for_object(practice)
    assert version.revision.user == edith
    assert version.revision.comment.startswith("Citation “")
    assert version.revision.comment.endswith("changed: quotation")
    # Only published records: a draft shows nothing to readers.
    assert not Version.objects.get_for_object(draft).exists()
    practice.refresh_from_db()
    assert practice.updated > LONG_AGO + datetime.timedelta(days=300)
    history = client.get(reverse("admin:practices_practice_history", args=[practice.pk]))
    assert "changed: quotation" in history.content.decode()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'Last updated <time datetime="{practice.updated.date().isoformat()}' in page
    # The feed, newest first, now starts with it.
    feed = client.get(reverse("feed")).content.decode()
    assert feed.index("Shared vision") < feed.index("Role clarity")


def test_an_editors_renaming_of_a_tag_is_one_revision_of_every_published_record(client):
    practices = [f.make_practice(tags=["trust"]) for _ in range(3)]
    challenge = f.make_challenge(tags=["trust"])
    draft = f.make_case(tags=["trust"], status=Status.DRAFT)
    signed_in(client, "edith", EDITORS)
    tag = Tag.objects.get(name="trust")
    response = save(client, tag, "tag_form", name="confidence")
    assert response.status_code == 302
    revisions = {
        Version.objects.get_for_object(record).get().revision_id
        for record in [*practices, challenge]
    }
    assert len(revisions) == 1
    assert not Version.objects.get_for_object(draft).exists()


def test_the_query_count_of_an_editors_save_does_not_grow_with_the_records(
    client, django_assert_max_num_queries
):
    signed_in(client, "edith", EDITORS)

    def rename(n, name):
        f.make_practice(tags=[name])
        for _ in range(n):
            f.make_practice(tags=[name])
        tag = Tag.objects.get(name=name)
        url = change_url(tag)
        client.get(url)
        return lambda: client.post(url, {"name": name + "s", "slug": tag.slug})

    few, many = rename(1, "trust"), rename(12, "data")
    # The admin's save, then the records showing it (a query per kind), their
    # "Last updated" and one revision with its versions in bulk: as many
    # queries for 2 records as for 13.
    with django_assert_max_num_queries(70) as counted:
        few()
    with django_assert_max_num_queries(len(counted)):
        many()


def test_an_editors_deleting_a_place_is_in_the_history_of_its_published_case(client):
    place = f.make_place(name="Latvia", country="Latvia", kind="country")
    case = f.make_case()
    case.places.add(place)
    edith = signed_in(client, "edith", EDITORS)
    response = client.post(reverse("admin:cases_place_delete", args=[place.pk]), {"post": "yes"})
    assert response.status_code == 302
    [version] = Version.objects.get_for_object(case)
    assert (version.revision.user, version.revision.comment) == (
        edith,
        "Place “Latvia” deleted",
    )


def test_an_editors_renaming_of_a_source_is_in_the_history_of_the_records_citing_it(client, cited):
    citation, practice, _ = cited
    signed_in(client, "edith", EDITORS)
    response = save(client, citation.source, "source_form", short_name="Catalyst report")
    assert response.status_code == 302, response.content.decode()[:2000]
    [version] = Version.objects.get_for_object(practice)
    assert version.revision.comment.endswith("changed: short name")
