"""import_kb refuses what would be stored wrongly or could not move to PostgreSQL."""

import json

import pytest

from collabkb.exchange.export import export
from tests import factories as f
from tests.exchange.test_export_import import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    """An exported knowledge base and the export to compare with after a refusal."""
    f.make_linked_set()
    text = export()
    return json.loads(text), text


def _challenge(data):
    return next(o for o in data if o["model"] == "challenges.challenge")


def _refused_unchanged(tmp_path, text, before):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    report = refused(path)
    assert "the database is unchanged" in report
    assert export() == before
    return report


def test_it_refuses_an_object_with_the_same_key_twice(tmp_path, exported):
    data, before = exported
    slug = _challenge(data)["fields"]["slug"]
    text = json.dumps(data, indent=2).replace(
        f'"slug": "{slug}"', f'"title": "Changed behind the reader\'s back",\n"slug": "{slug}"'
    )
    report = _refused_unchanged(tmp_path, text, before)
    assert "the key “title” appears twice in one object" in report


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"en": "A title"}, 'not an object: {"en": "A title"}'),
        (42, "not a number: 42"),
        (["A", "title"], 'not an array: ["A", "title"]'),
        (None, "not null: null"),
    ],
)
def test_it_refuses_text_given_as_something_else(tmp_path, exported, value, shown):
    data, before = exported
    _challenge(data)["fields"]["title"] = value
    report = _refused_unchanged(tmp_path, json.dumps(data), before)
    assert f"title must be text (a JSON string), {shown}" in report


@pytest.mark.parametrize(
    ("text", "named"),
    [("Role\u0000clarity", "NUL character (U+0000)"), ("Role\ud800", "lone surrogate (U+D800)")],
)
def test_it_refuses_characters_postgresql_cannot_store(tmp_path, exported, text, named):
    data, before = exported
    _challenge(data)["fields"]["body"] = text
    report = _refused_unchanged(tmp_path, json.dumps(data), before)
    assert f"body holds a {named}" in report


def test_it_refuses_a_nul_in_a_link_to_another_record(tmp_path, exported):
    data, before = exported
    _challenge(data)["fields"]["related"] = [["other\u0000"]]
    report = _refused_unchanged(tmp_path, json.dumps(data), before)
    assert "related holds a NUL character" in report


def test_it_still_takes_plain_text_with_accents_and_emoji(tmp_path, exported):
    from tests.exchange.test_export_import import as_editor, import_kb

    data, _ = exported
    _challenge(data)["fields"]["title"] = "Rôle clarity 🤝 across ministries"
    path = tmp_path / "fine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "updated 1" in import_kb(path, *as_editor())


def _large_file(path, megabytes):
    """The shipped fixture and copies of its challenges and practices, to ``megabytes``."""
    from tests.exchange.test_export_import import FIXTURE

    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    records = [o for o in data if o["model"] in ("challenges.challenge", "practices.practice")]
    size, copy = len(FIXTURE.read_bytes()), 0
    while size < megabytes * 1024 * 1024:
        copy += 1
        for record in records:
            fields = {k: v for k, v in record["fields"].items() if k not in ("series", "number")}
            fields["slug"] = f"{fields['slug']}-copy-{copy}"
            data.append({"model": record["model"], "fields": fields})
            size += len(json.dumps(data[-1], indent=2)) + 2
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return len(data)


def test_it_imports_a_large_file_in_a_small_multiple_of_its_size(tmp_path):
    import tracemalloc

    from collabkb.exchange.importer import apply, parse
    from tests.exchange.test_export_import import FIXTURE, empty_the_database, import_kb

    path = tmp_path / "large.json"
    objects = _large_file(path, 1.5)
    size = path.stat().st_size
    # What is loaded once per process (modules, caches) is not counted.
    import_kb(FIXTURE)
    empty_the_database()
    tracemalloc.start()
    try:
        with open(path, encoding="utf-8") as handle:
            data = parse(handle)
        report = apply(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    totals = report.totals()
    assert totals["created"] + totals["unchanged"] == objects  # the levels are there already
    # The file is read an object at a time and its objects kept as compact
    # JSON until written; the search index is rebuilt 100 records at a time.
    assert peak < 4 * size, f"peak {peak / size:.1f} times the file"


@pytest.mark.parametrize("indent", [2, None])  # on many lines, and all on one
def test_it_reads_a_file_in_pieces_and_places_an_error_where_json_does(
    exported, monkeypatch, indent
):
    from collabkb.exchange import importer

    monkeypatch.setattr(importer, "CHUNK_CHARS", 50)  # every object is cut across reads
    data, _ = exported
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    assert [item for _, item in importer.parse(text)] == data
    for end in range(7, len(text), len(text) // 23):
        cut = text[:end]
        try:
            json.loads(cut)
        except json.JSONDecodeError as error:
            expected = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        with pytest.raises(importer.ImportRefused) as refused:
            importer.parse(cut)
        assert refused.value.problems == [expected], end
