"""Every model moves between databases by natural key, tags included."""

import io
import json

import pytest
from django.core.management import call_command
from taggit.models import Tag

from cases.models import Case, Organisation, Participation, Place, ProjectExample
from challenges.models import Challenge, TaggedChallenge
from collabkb.models import Citation, Source
from practices.models import Practice, Series
from tests import factories as f

pytestmark = pytest.mark.django_db

APPS = ["collabkb", "challenges", "practices", "cases", "taggit.tag"]
MODELS_IN_DELETE_ORDER = [
    Participation,
    ProjectExample,
    Case,
    Organisation,
    Place,
    Practice,
    Series,
    Challenge,
    Citation,
    Source,
    Tag,
]


def dump(tmp_path, name):
    path = tmp_path / f"{name}.json"
    call_command(
        "dumpdata",
        *APPS,
        # Derived stores, made again on load: the search index, stored figures,
        # the versions of cached pages.
        exclude=[
            "collabkb.searchdocument",
            "collabkb.searchfacet",
            "collabkb.contentversion",
            "collabkb.citingrecord",
            "cases.casecountry",
        ],
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        output=str(path),
        stdout=io.StringIO(),
    )
    return path


def empty_the_database():
    for model in MODELS_IN_DELETE_ORDER:
        model.objects.all().delete()


def test_it_round_trips_every_model_through_dumpdata_and_loaddata(tmp_path):
    linked = f.make_linked_set(tags=("data sharing", "trust", "leadership"))
    old_pk = linked["challenge"].pk
    first = dump(tmp_path, "first")

    empty_the_database()
    assert not Challenge.objects.exists() and not Tag.objects.exists()
    call_command("loaddata", str(first), stdout=io.StringIO())
    second = dump(tmp_path, "second")

    assert first.read_text() == second.read_text()
    challenge = Challenge.objects.get(slug=linked["challenge"].slug)
    assert challenge.pk != old_pk, "the load gave new primary keys"
    assert sorted(t.name for t in challenge.tags.all()) == [
        "data sharing",
        "leadership",
        "trust",
    ]
    practice = Practice.objects.get(slug=linked["practice"].slug)
    assert list(practice.addresses.all()) == [challenge]
    assert practice.series.slug == linked["series"].slug and practice.number == 1
    assert practice.citations.count() == 2
    case = Case.objects.get(slug=linked["case"].slug)
    assert list(case.exemplifies.all()) == [practice]
    assert list(case.organisations.all()) == [
        Organisation.objects.get(slug=linked["organisation"].slug)
    ]
    assert case.examples.count() == 1 and case.places.count() == 1
    assert challenge.related.count() == 1


def test_it_writes_no_database_ids_for_records_or_taggings(tmp_path):
    f.make_linked_set()
    objects = json.loads(dump(tmp_path, "dump").read_text())
    assert {obj["model"] for obj in objects} == {
        "collabkb.source",
        "collabkb.citation",
        "challenges.level",
        "challenges.challenge",
        "challenges.challengecitation",
        "challenges.relatedchallenge",
        "challenges.taggedchallenge",
        "practices.series",
        "practices.practice",
        "practices.practicecitation",
        "practices.addressing",
        "practices.taggedpractice",
        "cases.place",
        "cases.organisation",
        "cases.organisationcitation",
        "cases.taggedorganisation",
        "cases.case",
        "cases.casecitation",
        "cases.exemplifying",
        "cases.facing",
        "cases.taggedcase",
        "cases.participation",
        "cases.projectexample",
        "taggit.tag",
    }
    assert all("pk" not in obj for obj in objects)
    taggings = [obj for obj in objects if obj["model"] == "challenges.taggedchallenge"]
    assert taggings and all(isinstance(obj["fields"]["content_object"], list) for obj in taggings)
    attached = [obj for obj in objects if obj["model"] == "practices.practicecitation"]
    assert attached and all(isinstance(obj["fields"]["practice"], list) for obj in attached)


def test_it_keeps_every_tag_when_loaded_over_existing_records(tmp_path):
    """Loading a dump again updates by natural key and loses no tagging."""
    linked = f.make_linked_set(tags=("a", "b", "c"))
    path = dump(tmp_path, "dump")
    call_command("loaddata", str(path), stdout=io.StringIO())
    assert TaggedChallenge.objects.filter(content_object=linked["challenge"]).count() == 3
    assert Challenge.objects.count() == 2
