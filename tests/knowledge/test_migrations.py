import io
import sqlite3

import pytest
from django.core.management import call_command

from tests.processes import manage

pytestmark = pytest.mark.slow


@pytest.mark.django_db
def test_it_has_no_pending_migrations():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:  # pragma: no cover - what a failure looks like
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


def test_it_migrates_a_new_database_with_the_four_levels(tmp_path):
    database = tmp_path / "new.sqlite3"
    manage("migrate", "--noinput", database=database)
    with sqlite3.connect(database) as db:
        levels = [
            row[0] for row in db.execute("SELECT slug FROM challenges_level ORDER BY position")
        ]
    assert levels == ["individual", "project", "organisation", "environment"]
    assert "No migrations to apply" in manage("migrate", "--noinput", database=database)


def _insert(db, table, **values):
    """A row of ``table`` with ``values``, its other required columns blank or 0."""
    row = {}
    for _, name, kind, required, default, primary in db.execute(f"PRAGMA table_info({table})"):
        if name in values:
            row[name] = values[name]
        elif required and not primary and default is None:
            kind = kind.lower()
            if "datetime" in kind:
                row[name] = "2026-01-01 00:00:00"
            elif any(word in kind for word in ("int", "bool", "real", "decimal")):
                row[name] = 0
            else:
                row[name] = ""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    return db.execute(sql, list(row.values())).lastrowid


def test_the_citations_of_records_keep_their_rows_and_support_them(tmp_path):
    database = tmp_path / "old.sqlite3"
    manage("migrate", "--noinput", database=database)
    for app in ("cases", "practices", "challenges"):  # back to before the stance
        manage("migrate", app, "0008_stored_figures", "--noinput", database=database)
    with sqlite3.connect(database) as db:
        source = _insert(db, "collabkb_source", slug="report", title="Report", kind="report")
        citation = _insert(
            db,
            "collabkb_citation",
            key="report-table-3",
            source_id=source,
            locator_kind="table",
            locator="Table 3",
        )
        challenge = _insert(db, "challenges_challenge", slug="misalignment", title="Misalignment")
        attached = _insert(
            db, "challenges_challenge_citations", challenge_id=challenge, citation_id=citation
        )
    manage("migrate", "--noinput", database=database)
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT id, challenge_id, citation_id, stance FROM challenges_challenge_citations"
        ).fetchall()
    assert rows == [(attached, challenge, citation, "supports")]
