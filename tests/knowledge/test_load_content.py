import io
import sqlite3

import pytest
from django.conf import settings
from django.core.management import call_command

from challenges.models import Challenge
from collabkb.exchange.export import export
from collabkb.models import Source
from tests.processes import manage

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_shipped_fixtures_into_an_empty_database():
    assert not Source.objects.exists()
    load("--if-empty")
    assert Source.objects.filter(kind="video", video_id="nGjuo-7sUXM").exists()
    assert Challenge.objects.published().exists()


def test_it_loads_nothing_when_the_database_holds_records():
    load("--if-empty")
    before = Challenge.objects.count()
    Challenge.objects.first().delete()
    assert "nothing loaded" in load("--if-empty")
    assert Challenge.objects.count() == before - 1


def test_what_it_loads_exports_as_the_shipped_fixture_byte_for_byte():
    load("--if-empty")
    shipped = settings.BASE_DIR / "fixtures" / "collabkb.json"
    assert export() == shipped.read_text(encoding="utf-8")


def test_a_broken_fixture_is_refused_and_nothing_is_loaded(tmp_path, monkeypatch):
    from django.core.management import CommandError

    from collabkb.management.commands import load_content

    (tmp_path / "a.json").write_text(
        '[{"model": "collabkb.source", "fields": {"slug": "s", "title": "S", "kind": "report"}},'
        ' {"model": "collabkb.citation", "fields": {"key": "c", "source": ["nowhere"],'
        ' "locator_kind": "table", "locator": "Table 1", "position": 1}}]',
        encoding="utf-8",
    )
    monkeypatch.setattr(load_content, "FIXTURES_DIR", tmp_path)
    with pytest.raises(CommandError, match="nowhere"):
        load("--if-empty")
    assert not Source.objects.exists()


def test_make_loads_one_command_migrates_a_new_database_and_loads_it(tmp_path):
    database = tmp_path / "new.sqlite3"
    out = manage("load_content", "--migrate", "--if-empty", database=database)
    assert "Applying cases.0001_squashed_0006_title_sort... OK" in out
    assert "Loaded" in out
    with sqlite3.connect(database) as db:
        published = db.execute(
            "SELECT count(*) FROM challenges_challenge WHERE status = 'published'"
        )
        assert published.fetchone()[0] > 0


def test_it_gives_every_shipped_record_a_first_version_of_its_own():
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    from collabkb.kinds import registry

    load("--if-empty")
    record_types = [ContentType.objects.get_for_model(kind.model) for kind in registry]
    for kind, content_type in zip(registry, record_types, strict=True):
        versioned = Version.objects.filter(content_type=content_type)
        pks = {str(pk) for pk in kind.model.objects.values_list("pk", flat=True)}
        assert set(versioned.values_list("object_id", flat=True)) == pks, kind.name
    # One record per revision: recovering one never rolls back the others.
    for version in Version.objects.filter(content_type__in=record_types)[:50]:
        assert version.revision.version_set.filter(content_type__in=record_types).count() == 1


def test_a_deleted_shipped_record_is_recovered_alone_with_its_tags():
    from reversion.models import Version

    load("--if-empty")
    gone = Challenge.objects.get(slug="role-clarity")
    tags = set(gone.tags.names())
    assert tags
    edited = Challenge.objects.exclude(pk=gone.pk).first()
    edited.title = "Edited after the load"
    edited.save()
    pk = gone.pk
    gone.delete()
    [version] = Version.objects.get_deleted(Challenge).filter(object_id=str(pk))
    version.revision.revert(delete=False)  # what the admin's "recover deleted" does
    recovered = Challenge.objects.get(slug="role-clarity")
    assert set(recovered.tags.names()) == tags
    edited.refresh_from_db()
    assert edited.title == "Edited after the load"
