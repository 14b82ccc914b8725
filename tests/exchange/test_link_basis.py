"""Links with their basis in the export, the import and the conversion of older exports."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from collabkb.exchange import importer
from collabkb.exchange.export import export
from practices.models import Addressing
from tests import factories as f
from tests.exchange.test_export_import import empty_the_database, import_kb

pytestmark = pytest.mark.django_db


def old_shape(data):
    """``data`` (an export) as exports were before links had a basis: each
    record lists its links inside its own fields, both ways for related."""
    records = {
        ("practices.addressing", "practice", "challenge", "addresses"),
        ("practices.relatedpractice", "from_practice", "to_practice", "related"),
        ("challenges.relatedchallenge", "from_challenge", "to_challenge", "related"),
        ("cases.exemplifying", "case", "practice", "exemplifies"),
        ("cases.facing", "case", "challenge", "faced"),
        ("cases.relatedcase", "from_case", "to_case", "related"),
    }
    by_slug = {}
    for item in data:
        if "slug" in item["fields"]:
            by_slug[(item["model"].split(".")[0], item["fields"]["slug"])] = item
    out = []
    for item in data:
        found = next((r for r in records if r[0] == item["model"]), None)
        if found is None:
            out.append(item)
            continue
        model, here, there, name = found
        holder = by_slug[(model.split(".")[0], item["fields"][here][0])]
        holder["fields"].setdefault(name, []).append(item["fields"][there])
    return out


def _untimed(text):
    data = json.loads(text)
    for item in data:
        item["fields"].pop("created", None)
        item["fields"].pop("updated", None)
    return data


def test_an_export_carries_each_link_with_its_basis_reason_and_citations():
    f.make_linked_set()
    data = json.loads(export())
    [stated] = [o for o in data if o["model"] == "practices.addressing"]
    assert stated["fields"]["basis"] == "stated"
    assert stated["fields"]["citations"] and stated["fields"]["reason"] == ""
    [faced] = [o for o in data if o["model"] == "cases.facing"]
    assert faced["fields"]["basis"] == "ours"
    assert all("addresses" not in o["fields"] for o in data if o["model"] == "practices.practice")


def test_an_export_round_trips_with_the_links_basis(tmp_path):
    f.make_linked_set()
    link = Addressing.objects.get()
    link.reason = "Kept through the round trip."
    link.save()
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()
    assert "created" in import_kb(path)
    # As written, but the made-up records' times, which the file gives to the millisecond.
    assert _untimed(export()) == _untimed(path.read_text(encoding="utf-8"))
    link = Addressing.objects.get()
    assert (link.basis, link.reason) == ("stated", "Kept through the round trip.")


def test_links_are_imported_in_batches(tmp_path, monkeypatch):
    """The object-by-object import is not needed for a file with link rows."""
    f.make_linked_set()
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()

    def one_by_one(*args):
        raise AssertionError("imported object by object")

    monkeypatch.setattr(importer, "_apply", one_by_one)
    assert "created" in import_kb(path)
    assert Addressing.objects.get().citations.exists()


def test_an_older_export_is_refused_unchanged_and_its_conversion_imports(tmp_path):
    f.make_linked_set()
    data = json.loads(export())
    old = tmp_path / "old.json"
    old.write_text(json.dumps(old_shape(json.loads(json.dumps(data)))), encoding="utf-8")
    empty_the_database()
    before = export()

    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_kb", str(old), stdout=io.StringIO(), stderr=err)
    assert "the database is unchanged" in str(refused.value)
    assert "as a list inside the record" in err.getvalue()
    assert "convert_export" in err.getvalue()
    assert "manage.py convert_export" in err.getvalue()
    assert export() == before

    new = tmp_path / "new.json"
    out = io.StringIO()
    call_command("convert_export", str(old), str(new), stdout=out)
    assert "practices.addressing" in out.getvalue() and "our reading" in out.getvalue()
    assert "created" in import_kb(new)
    # Every link is back, as our reading not yet reviewed.
    link = Addressing.objects.get()
    assert (link.basis, link.reason) == ("ours", "")
    converted = json.loads(export())
    assert len(converted) == len(data)
    assert {o["model"] for o in converted} == {o["model"] for o in data}


def test_load_content_refuses_an_older_export_with_how_to_convert_it(tmp_path, settings):
    from collabkb.management.commands import load_content

    f.make_linked_set()
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (folder / "old.json").write_text(json.dumps(old_shape(json.loads(export()))))
    empty_the_database()
    original = load_content.FIXTURES_DIR
    load_content.FIXTURES_DIR = folder
    try:
        with pytest.raises(CommandError) as refused:
            call_command("load_content", stdout=io.StringIO())
    finally:
        load_content.FIXTURES_DIR = original
    assert "convert_export" in str(refused.value)


def test_converting_a_file_already_in_this_shape_changes_nothing(tmp_path):
    f.make_linked_set()
    path, out = tmp_path / "kb.json", tmp_path / "out.json"
    path.write_text(export(), encoding="utf-8")
    text = io.StringIO()
    call_command("convert_export", str(path), str(out), stdout=text)
    assert "already in today's shape" in text.getvalue()
    assert json.loads(out.read_text()) == json.loads(path.read_text())
