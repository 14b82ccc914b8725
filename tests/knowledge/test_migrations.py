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
