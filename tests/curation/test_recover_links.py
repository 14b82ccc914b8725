"""A deleted record recovered gets back its links, those it holds and those
other records hold (a practice addressing it, a case facing it), to records
that still exist, and changes nothing else on those records."""

import io

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from cases.models import Case
from challenges.models import Challenge
from collabkb.admin import history
from collabkb.curation.roles import EDITORS
from collabkb.models import Status, StoredFigure
from practices.models import Practice
from tests import factories as f
from tests.admin_forms import post_form

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def edith(client):
    client.force_login(f.make_curator("edith", EDITORS))
    return client


def delete(client, record):
    """Delete ``record`` in the admin; the version "Recover deleted" lists."""
    model = type(record)
    assert client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()
    [version] = Version.objects.get_deleted(model).filter(object_id=str(record.pk))
    return version


def recover(client, version):
    model = version._model
    response = post_form(
        client, url(model, "recover", version.pk), f"{model._meta.model_name}_form"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return model.objects.get(pk=version.object_id)


def delete_and_recover(client, record):
    return recover(client, delete(client, record))


def test_it_gives_a_recovered_challenge_back_the_practices_and_cases_linked_to_it(edith):
    challenge = f.make_challenge(status=Status.PUBLISHED)
    other = f.make_challenge(status=Status.PUBLISHED)
    challenge.related.add(other)
    practice = f.make_practice(status=Status.PUBLISHED, summary="As it is.", addresses=[challenge])
    case = f.make_case(status=Status.PUBLISHED)
    case.faced.add(challenge)
    gone = f.make_practice(addresses=[challenge])
    Practice.objects.filter(pk=practice.pk).update(summary="Changed outside the admin.")
    edith.post(url(Practice, "delete", gone.pk), {"post": "yes"})

    back = delete_and_recover(edith, challenge)

    assert back.status == Status.DRAFT
    assert list(back.addressed_by.all()) == [practice]
    assert list(back.faced_by.all()) == [case]
    assert list(back.related.all()) == [other]
    assert list(other.related.all()) == [back]
    practice.refresh_from_db()
    case.refresh_from_db()
    assert (practice.status, practice.summary) == (Status.PUBLISHED, "Changed outside the admin.")
    assert case.status == Status.PUBLISHED


def test_it_gives_a_recovered_practice_back_its_related_practices_and_cases(edith):
    practice = f.make_practice(status=Status.PUBLISHED)
    linked = [f.make_practice(status=Status.PUBLISHED) for _ in range(2)]
    practice.related.add(*linked)
    challenge = f.make_challenge(status=Status.PUBLISHED)
    practice.addresses.add(challenge)
    case = f.make_case(status=Status.PUBLISHED)
    case.exemplifies.add(practice)

    back = delete_and_recover(edith, practice)

    assert sorted(p.pk for p in back.related.all()) == sorted(p.pk for p in linked)
    for other in linked:
        assert list(other.related.all()) == [back]
    assert list(back.addresses.all()) == [challenge]
    assert list(back.exemplified_by.all()) == [case]


def test_a_restore_of_a_live_record_leaves_the_links_others_hold_as_they_are(edith):
    challenge = f.make_challenge(status=Status.PUBLISHED)
    practice = f.make_practice(status=Status.PUBLISHED, addresses=[challenge])
    back = delete_and_recover(edith, challenge)
    practice.addresses.remove(back)
    [deleted] = Version.objects.get_for_object(back).filter(revision__comment__startswith="Deleted")
    response = post_form(edith, url(Challenge, "revision", back.pk, deleted.pk), "challenge_form")
    assert response.status_code == 302
    assert not practice.addresses.exists()


def test_it_recovers_a_deleted_shipped_record_with_its_links_both_ways(edith):
    call_command("load_content", "--if-empty", stdout=io.StringIO())
    challenge = Challenge.objects.filter(addressed_by__isnull=False, faced_by__isnull=False)
    challenge = challenge.filter(related__isnull=False).distinct().first()
    links = _links(challenge)
    assert all(links.values()), links
    fields = _other_records(challenge)

    # Deleted without the admin: the version the load wrote brings it back.
    pk = challenge.pk
    challenge.delete()
    [version] = Version.objects.get_deleted(Challenge).filter(object_id=str(pk))
    assert "Deleted" not in version.revision.comment
    back = _recover_shipped(version)
    assert _links(back) == links
    assert _other_records(back) == fields

    # Deleted in the admin, then one of its practices deleted: the others come back.
    version = delete(edith, back)
    first = Practice.objects.filter(pk__in=links["addressed_by"]).first()
    links["addressed_by"].discard(first.pk)
    first.delete()
    assert _links(_recover_shipped(version)) == links


def _recover_shipped(version):
    """What the recover form's POST runs. (Not through the form: on PostgreSQL
    it refuses a record with citations, whose link rows come back under new
    numbers each time the form restores it.)"""
    with reversion.create_revision():
        history.restore(version)
    return Challenge.objects.get(pk=version.object_id)


def _links(challenge):
    return {
        name: set(getattr(challenge, name).values_list("pk", flat=True))
        for name in ("addressed_by", "faced_by", "related")
    }


def _other_records(challenge):
    """Every field of the records at the other ends, as they are, but their
    stored figures: those count published links only, and the record comes
    back a draft."""
    rows = []
    for model, name in ((Practice, "addresses"), (Case, "faced"), (Challenge, "related")):
        fields = [f.attname for f in model._meta.concrete_fields if not isinstance(f, StoredFigure)]
        rows += model.objects.filter(**{name: challenge}).order_by("pk").values(*fields)
    return rows


def test_it_recovers_a_record_with_citations_and_tags_through_the_admin(edith):
    # The form's preview is rolled back; on PostgreSQL its rows' ids are not
    # given again, so the recover is made from the version, not the form.
    cited = [f.make_citation(), f.make_citation()]
    challenge = f.make_challenge(status=Status.PUBLISHED, citations=cited, tags=["trust"])

    back = delete_and_recover(edith, challenge)

    assert back.status == Status.DRAFT
    assert set(back.citations.all()) == set(cited)
    assert [tag.name for tag in back.tags.all()] == ["trust"]
    latest = Version.objects.get_for_object(back).order_by("-pk").first()
    assert latest.revision.get_comment().startswith("Recovered the version saved on")
