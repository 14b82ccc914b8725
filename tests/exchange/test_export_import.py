"""export_kb and import_kb: byte-stable round trips, all-or-nothing imports."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from taggit.models import Tag

from cases.models import Case, Organisation, Place
from challenges.models import Challenge, Level
from collabkb import changes
from collabkb.exchange.export import export
from collabkb.models import Citation, Source
from practices.models import Practice, Series
from tests import factories as f

pytestmark = pytest.mark.django_db
FIXTURE = settings.BASE_DIR / "fixtures" / "collabkb.json"


def empty_the_database():
    """Every record deleted, and what changed told once at the end, as a load or
    an import tells it: not once for each row and its search documents and figures."""
    with changes.batch():
        for model in (
            Case,
            Organisation,
            Place,
            Practice,
            Series,
            Challenge,
            Level,
            Citation,
            Source,
            Tag,
        ):
            model.objects.all().delete()


def import_kb(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_kb", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def as_editor(name="edith"):
    """The options of an editor's import that may change published records."""
    from collabkb.curation.roles import EDITORS

    f.make_curator(name, EDITORS)
    return ["--publish", "--user", name]


def refused(path):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_kb", str(path), stdout=io.StringIO(), stderr=err)
    return str(caught.value) + "\n" + err.getvalue()


def test_the_export_is_deterministic_with_tags_and_links():
    f.make_linked_set(tags=("zeta", "alpha", "mu"))
    f.make_linked_set(tags=("beta",))
    assert export() == export()
    objects = json.loads(export())
    assert "pk" not in objects[0]
    related = [
        (o["fields"]["from_challenge"], o["fields"]["to_challenge"])
        for o in objects
        if o["model"] == "challenges.relatedchallenge"
    ]
    assert len(related) == 4 and related == sorted(related)
    assert all("related" not in o["fields"] for o in objects)


def test_it_exports_published_records_only_leaving_out_links_to_drafts(tmp_path):
    shown = f.make_challenge(title="Shown", slug="shown")
    hidden = f.make_challenge(title="Hidden", slug="hidden", status="draft")
    hidden.citations.set([f.make_citation(key="only-the-draft-cites-this")])
    shown.related.add(hidden)
    path = tmp_path / "published.json"
    call_command("export_kb", output=str(path), stderr=io.StringIO())
    text = path.read_text(encoding="utf-8")
    assert '"hidden"' not in text and "only-the-draft-cites-this" not in text
    empty_the_database()
    import_kb(path)
    assert list(Challenge.objects.values_list("slug", flat=True)) == ["shown"]


def test_it_exports_drafts_only_when_asked(tmp_path):
    shown = f.make_challenge(slug="shown")
    shown.related.add(f.make_challenge(slug="hidden", status="draft"))
    path = tmp_path / "everything.json"
    call_command("export_kb", "--include-drafts", output=str(path), stderr=io.StringIO())
    empty_the_database()
    import_kb(path)
    assert Challenge.objects.get(slug="hidden").status == "draft"
    assert Challenge.objects.get(slug="shown").related.filter(slug="hidden").exists()


def test_it_never_writes_drafts_into_the_shipped_fixtures(tmp_path, monkeypatch):
    from collabkb.management.commands import export_kb

    monkeypatch.setattr(export_kb, "FIXTURES_DIR", tmp_path)
    shipped = tmp_path / "collabkb.json"
    shipped.write_text("[]\n", encoding="utf-8")
    f.make_challenge(slug="hidden", status="draft")
    with pytest.raises(CommandError, match="drafts are never written there"):
        call_command("export_kb", "--include-drafts", output=str(shipped), stderr=io.StringIO())
    assert shipped.read_text(encoding="utf-8") == "[]\n"
    call_command("export_kb", output=str(shipped), stderr=io.StringIO())
    assert "hidden" not in shipped.read_text(encoding="utf-8")


def test_the_shipped_fixture_holds_no_unpublished_record():
    statuses = {
        o["fields"]["status"]
        for o in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if "status" in o["fields"]
    }
    assert statuses == {"published"}


def test_a_kind_slice_loads_into_an_empty_database(tmp_path):
    linked = f.make_linked_set()
    path = tmp_path / "challenges.json"
    call_command("export_kb", output=str(path), kind=["challenges"], stderr=io.StringIO())
    models = {o["model"] for o in json.loads(path.read_text(encoding="utf-8"))}
    assert "practices.practice" not in models and "challenges.challenge" in models
    empty_the_database()
    import_kb(path)
    challenge = Challenge.objects.get(slug=linked["challenge"].slug)
    assert challenge.citations.count() == 1 and challenge.tags.count() == 2


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    f.make_linked_set()
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()
    assert "updated 0, unchanged 0" in import_kb(path)
    before = export()
    assert "created 0, updated 0" in import_kb(path)
    assert export() == before


def test_an_import_updates_a_changed_record_by_natural_key(tmp_path):
    challenge = f.make_challenge(title="Old title", slug="kept")
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "challenges.challenge":
            obj["fields"]["title"] = "New title"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "created 0, updated 1" in import_kb(path, *as_editor())
    challenge.refresh_from_db()
    assert challenge.title == "New title"


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    f.make_linked_set()
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()
    assert import_kb(path, "--dry-run").startswith("Dry run, nothing written: would have created")
    assert not Challenge.objects.exists()


def _bad_files():
    f.make_linked_set()
    good = json.loads(export())

    def changed(change):
        data = json.loads(json.dumps(good))
        change(data)
        return json.dumps(data, indent=2)

    def first(data, model):
        return next(o for o in data if o["model"] == model)

    def dangling(data):
        first(data, "practices.addressing")["fields"]["challenge"] = ["no-such-challenge"]

    def duplicate(data):
        data.append(json.loads(json.dumps(first(data, "challenges.challenge"))))

    def negative(data):
        cite = next(o for o in data if o["fields"].get("second") is not None)
        cite["fields"]["second"] = -5

    def wrong_model(data):
        first(data, "challenges.challenge")["model"] = "challenges.challange"

    def unknown_field(data):
        first(data, "challenges.challenge")["fields"]["colour"] = "blue"

    def dangling_fk(data):
        first(data, "collabkb.citation")["fields"]["source"] = ["no-such-source"]

    text = json.dumps(good, indent=2)
    return {
        "truncated JSON": (text[: len(text) // 2], "not valid JSON at line"),
        "dangling natural key": (changed(dangling), "no-such-challenge"),
        "dangling foreign key": (changed(dangling_fk), "no-such-source"),
        "duplicate slug": (changed(duplicate), "duplicate key"),
        "negative timestamp": (changed(negative), "cannot be negative"),
        "wrong model name": (changed(wrong_model), "unknown model “challenges.challange”"),
        "unknown field": (changed(unknown_field), "has no field “colour”"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated JSON",
        "dangling natural key",
        "dangling foreign key",
        "duplicate slug",
        "negative timestamp",
        "wrong model name",
        "unknown field",
    ],
)
def test_a_bad_file_is_refused_with_the_database_unchanged(tmp_path, case):
    text, message = _bad_files()[case]
    before = export()
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    report = refused(path)
    assert message in report
    assert "the database is unchanged" in report
    assert export() == before


def test_a_bad_file_is_refused_even_into_an_empty_database(tmp_path):
    text, _ = _bad_files()["negative timestamp"]
    empty_the_database()
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    refused(path)
    assert not Source.objects.exists() and not Challenge.objects.exists()


def test_it_refuses_a_challenge_at_an_unknown_level_and_changes_nothing(tmp_path):
    f.make_challenge(slug="kept", levels=["project"])
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "challenges.challenge":
            obj["fields"]["levels"] = [["project"], ["galaxy"]]
            obj["fields"]["title"] = "Changed"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = export()
    message = refused(path)
    assert "challenges.challenge “kept”" in message
    assert "galaxy" in message
    assert export() == before


def refused_with_output(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_kb", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


def test_it_refuses_deeply_nested_json_clearly_and_changes_nothing(tmp_path):
    f.make_challenge(slug="kept")
    before = export()
    path = tmp_path / "nested.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    message, details = refused_with_output(path)
    assert "nested too deeply" in details and "database is unchanged" in message
    assert export() == before


def test_it_refuses_a_file_over_the_size_limit_and_the_limit_can_be_raised(tmp_path):
    f.make_linked_set()
    path = tmp_path / "kb.json"
    path.write_text(export() + " " * 1_100_000, encoding="utf-8")
    message, _ = refused_with_output(path, "--max-size", "1")
    assert "over the limit of 1 MB" in message and "--max-size" in message
    assert "unchanged" in import_kb(path, "--max-size", "2")


def test_it_accepts_a_file_saved_with_a_byte_order_mark(tmp_path):
    f.make_linked_set()
    path = tmp_path / "kb.json"
    path.write_text("\ufeff" + export(), encoding="utf-8")
    empty_the_database()
    assert "updated 0, unchanged 0" in import_kb(path)


def test_it_names_the_missing_required_fields_of_each_object(tmp_path):
    path = tmp_path / "hand-written.json"
    path.write_text(
        json.dumps(
            [
                {"model": "challenges.challenge", "fields": {"slug": "a", "title": "A"}},
                {"model": "challenges.challenge", "fields": {"slug": "b", "title": "B"}},
            ]
        ),
        encoding="utf-8",
    )
    _, details = refused_with_output(path)
    for slug in ("a", "b"):
        assert (
            f"(challenges.challenge “{slug}”): missing required field(s): created, updated"
            in details
        )
    assert "NOT NULL" not in details and "null value" not in details


def test_it_shows_the_first_50_problems_and_counts_the_rest(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps([{"model": "nope.nothing", "fields": {"slug": str(i)}} for i in range(120)]),
        encoding="utf-8",
    )
    message, details = refused_with_output(path)
    assert details.count("unknown model") == 50
    assert "… and 70 more problem(s)" in details
    assert "120 problem(s)" in message


def test_it_refuses_a_body_over_the_limit(tmp_path):
    f.make_challenge(slug="kept")
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "challenges.challenge":
            obj["fields"]["body"] = "word " * 20_000
    path = tmp_path / "big-body.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = export()
    _, details = refused_with_output(path)
    assert "at most 50000 characters" in details
    assert export() == before


def _import_counting_queries(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = import_kb(path)
    return len(queries), report


@pytest.mark.parametrize("sets", [1, 4])
def test_an_import_takes_the_same_number_of_queries_whatever_its_size(tmp_path, sets):
    """Batched: a few statements per model, not several per object. (The
    larger file may take a query more for the records' first versions: SQLite
    inserts at most 124 versions a statement. Each import reads the content
    types of what its versions hold: none is left in Django's cache.)"""
    from django.contrib.contenttypes.models import ContentType

    counts = {}
    for n in (sets, sets * 3):
        empty_the_database()  # the same models in both files
        for _ in range(n):
            f.make_linked_set()
        path = tmp_path / f"kb-{n}.json"
        path.write_text(export(), encoding="utf-8")
        empty_the_database()
        ContentType.objects.clear_cache()
        counts[n], report = _import_counting_queries(path)
        assert "updated 0, unchanged 0" in report
        assert Challenge.objects.count() == 2 * n
    assert abs(counts[sets * 3] - counts[sets]) <= 2


def test_a_reimport_removes_links_both_ways_and_reports_the_update(tmp_path):
    linked = f.make_linked_set()
    challenge = linked["challenge"]
    other = challenge.related.get()
    data = [obj for obj in json.loads(export()) if obj["model"] != "challenges.relatedchallenge"]
    path = tmp_path / "unlinked.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    editor = as_editor()
    assert "updated 2" in import_kb(path, *editor)
    assert not challenge.related.exists() and not other.related.exists()
    assert "created 0, updated 0" in import_kb(path, *editor)


def test_a_file_in_another_shape_is_imported_object_by_object(tmp_path):
    """A foreign key given as an id is not what export_kb writes: the
    per-object import still takes it."""
    source = f.make_source(slug="given-by-id")
    path = tmp_path / "by-id.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "collabkb.citation",
                    "fields": {
                        "key": "by-id-1",
                        "source": source.pk,
                        "locator_kind": "table",
                        "locator": "Table 9",
                        "position": 9,
                    },
                }
            ]
        ),
        encoding="utf-8",
    )
    assert "created 1" in import_kb(path)
    assert Citation.objects.get(key="by-id-1").source == source


def test_an_import_keeps_the_dates_the_file_gives(tmp_path):
    f.make_challenge(slug="dated")
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "challenges.challenge":
            obj["fields"]["created"] = "2020-01-02T03:04:05Z"
            obj["fields"]["updated"] = "2021-01-02T03:04:05Z"
    path = tmp_path / "dated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    empty_the_database()
    import_kb(path)
    challenge = Challenge.objects.get(slug="dated")
    assert (challenge.created.year, challenge.updated.year) == (2020, 2021)


def test_an_import_keeps_a_version_of_each_record_it_changes(tmp_path):
    from reversion.models import Version

    challenge = f.make_challenge(title="Old title", slug="kept", tags=["kept tag"])
    untouched = f.make_challenge(slug="untouched")
    data = json.loads(export())
    for obj in data:
        if obj["fields"].get("slug") == "kept":
            obj["fields"]["title"] = "New title"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    import_kb(path, *as_editor())
    [version] = Version.objects.get_for_object(challenge)
    assert version.field_dict["title"] == "New title"
    assert version.revision.comment == f"Imported from {path}"
    assert version.revision.user.username == "edith"
    assert version.revision.version_set.count() == 2  # the record and its tagging
    assert not Version.objects.get_for_object(untouched).exists()


def test_a_time_under_a_millisecond_exports_as_it_imports(tmp_path):
    """A record saved at 12:00:00.000500 exports as 12:00:00 (times are kept
    to the millisecond), so its export loaded and exported again is the same."""
    import datetime

    challenge = f.make_challenge(title="Trust")
    at = datetime.datetime(2026, 12, 7, 12, 0, 0, 500, tzinfo=datetime.UTC)
    Challenge.objects.filter(pk=challenge.pk).update(created=at, updated=at)
    first = export()
    assert '"2026-12-07T12:00:00Z"' in first and ".000Z" not in first
    path = tmp_path / "kb.json"
    path.write_text(first, encoding="utf-8")
    empty_the_database()
    import_kb(path)
    assert export() == first
