"""import_kb refuses what would be stored wrongly or could not move to PostgreSQL."""

import json

import pytest

from collabkb.exchange.export import export
from tests import factories as f
from tests.test_export_import import refused

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
    [({"en": "A title"}, "not dict"), (42, "not int"), (["A", "title"], "not list")],
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
    from tests.test_export_import import import_kb

    data, _ = exported
    _challenge(data)["fields"]["title"] = "Rôle clarity 🤝 across ministries"
    path = tmp_path / "fine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "updated 1" in import_kb(path)
