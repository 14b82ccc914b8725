"""Exports from before citations had a stance: refused, and converted by convert_export."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from challenges.models import Challenge
from collabkb.exchange.export import export
from collabkb.management.commands import load_content
from collabkb.models import Source, Stance
from tests import factories as f
from tests.exchange.test_export_import import FIXTURE, empty_the_database, import_kb, refused

# Each kind's attachments and the record field they were a list in.
ATTACHED = {
    "challenges.challengecitation": ("challenges.challenge", "challenge"),
    "practices.practicecitation": ("practices.practice", "practice"),
    "cases.organisationcitation": ("cases.organisation", "organisation"),
    "cases.casecitation": ("cases.case", "case"),
}


def older(text):
    """``text`` (an export) as exports were before: each record's citations a
    sorted list inside it, no attachment rows."""
    objects = json.loads(text)
    kept, records = [], {}
    for obj in objects:
        if obj["model"] in ATTACHED:
            continue
        if obj["model"] in {model for model, _ in ATTACHED.values()}:
            obj["fields"]["citations"] = []
            records[obj["model"], obj["fields"]["slug"]] = obj
        kept.append(obj)
    for obj in objects:
        if obj["model"] in ATTACHED:
            model, name = ATTACHED[obj["model"]]
            [slug] = obj["fields"][name]
            records[model, slug]["fields"]["citations"].append(obj["fields"]["citation"])
    for record in records.values():
        record["fields"]["citations"].sort()
    return json.dumps(kept, indent=2, ensure_ascii=False) + "\n"


def convert(tmp_path, text):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("convert_export", str(old), str(new), stdout=out)
    return new, out.getvalue()


def test_converting_the_shipped_fixture_as_it_was_gives_it_back_byte_for_byte(tmp_path):
    # The conversion cannot know the reviewed stances: it gives every
    # attachment the default, so it gives back the fixture as it was before
    # its stances were reviewed.
    shipped = FIXTURE.read_text(encoding="utf-8")
    unreviewed = re.sub(r'"stance": "[a-z-]+"', '"stance": "supports"', shipped)
    assert unreviewed != shipped
    new, said = convert(tmp_path, older(shipped))
    assert new.read_text(encoding="utf-8") == unreviewed
    assert " challenges.challengecitation" in said
    assert "not yet reviewed" in said


@pytest.mark.django_db
def test_import_kb_refuses_an_older_export_and_changes_nothing(tmp_path):
    f.make_linked_set()
    before = export()
    path = tmp_path / "old.json"
    path.write_text(older(before), encoding="utf-8")
    report = refused(path)
    assert "the database is unchanged" in report
    assert "gives its citations as a list inside the record" in report
    assert "python manage.py convert_export FILE NEW_FILE" in report
    assert export() == before


@pytest.mark.django_db
def test_load_content_refuses_an_older_fixture_and_loads_nothing(tmp_path, monkeypatch):
    (tmp_path / "collabkb.json").write_text(
        older(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8"
    )
    monkeypatch.setattr(load_content, "FIXTURES_DIR", tmp_path)
    with pytest.raises(CommandError, match="convert_export") as caught:
        call_command("load_content", stdout=io.StringIO())
    assert "challenges.challengecitation, with its stance" in str(caught.value)
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_the_converted_file_imports_with_every_citation_supporting(tmp_path):
    linked = f.make_linked_set()
    text = export()
    empty_the_database()
    new, _ = convert(tmp_path, older(text))
    assert "created" in import_kb(new)
    assert export() == text
    challenge = Challenge.objects.get(slug=linked["challenge"].slug)
    assert [row.stance for row in challenge.attachments.all()] == [Stance.SUPPORTS]


def test_a_file_already_in_todays_shape_is_written_unchanged(tmp_path):
    shipped = FIXTURE.read_text(encoding="utf-8")
    new, said = convert(tmp_path, shipped)
    assert new.read_text(encoding="utf-8") == shipped
    assert "already in today's shape" in said


@pytest.mark.django_db
def test_attachments_import_in_batches_with_their_stance(tmp_path, monkeypatch):
    from collabkb.exchange import importer

    def object_by_object(*args):
        raise AssertionError("the file fell back to the object-by-object import")

    linked = f.make_linked_set()
    f.attach(linked["case"], f.make_citation(quotation="Only in part."), Stance.QUALIFIES)
    text = export()
    empty_the_database()
    path = tmp_path / "new.json"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(importer, "_apply", object_by_object)
    import_kb(path)
    assert export() == text
    assert '"stance": "qualifies"' in text
