import io
import sqlite3
import sys

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.processes import manage

# Each record app's squashed migration and the last of the chain it replaces.
SQUASHED = {
    "challenges": ("0001_squashed_0006_title_sort", "0006_title_sort"),
    "practices": ("0001_squashed_0006_series_stages", "0006_series_stages"),
    "cases": ("0001_squashed_0006_title_sort", "0006_title_sort"),
}

# Migrate a database by the old chains, as a database made before the
# squash was (run in a fresh process, on the SQLite file DATABASE_URL names).
MIGRATE_BY_THE_OLD_CHAINS = """
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
executor = MigrationExecutor(connection)
executor.loader = MigrationLoader(connection, replace_migrations=False)
graph = executor.loader.graph
squashed = {node for node in graph.nodes if "_squashed_" in node[1] and node[0] in %r}
targets = [node for node in graph.leaf_nodes() if node not in squashed]
executor.migrate(targets)
"""


@pytest.mark.django_db
def test_it_has_no_pending_migrations():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:  # pragma: no cover - what a failure looks like
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


def test_each_squashed_migration_replaces_its_whole_chain():
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    for app, (squashed, last) in SQUASHED.items():
        chain = sorted(
            name for label, name in loader.disk_migrations if label == app and name <= last
        )
        chain.remove(squashed)
        replaced = loader.disk_migrations[app, squashed].replaces
        assert replaced == [(app, name) for name in chain]


def test_the_squashed_migrations_build_the_models_the_old_chains_built():
    graph = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False).graph
    others = [node for node in graph.leaf_nodes() if node[0] not in SQUASHED]
    old = graph.make_state([(app, last) for app, (_, last) in SQUASHED.items()] + others)
    new = graph.make_state([(app, squashed) for app, (squashed, _) in SQUASHED.items()] + others)
    record_models = {key for key in old.models if key[0] in SQUASHED}
    assert record_models and record_models == {key for key in new.models if key[0] in SQUASHED}
    for key in record_models:
        assert new.models[key] == old.models[key], key


def schema(path):
    """Every column, foreign key and index of an SQLite file, in no order."""
    found = set()
    with sqlite3.connect(path) as db:
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            found |= {
                ("column", table, *row[1:]) for row in db.execute(f"PRAGMA table_info('{table}')")
            }
            found |= {
                ("key", table, *row[2:5])
                for row in db.execute(f"PRAGMA foreign_key_list('{table}')")
            }
            for index in db.execute(f"PRAGMA index_list('{table}')"):
                columns = tuple(row[2] for row in db.execute(f"PRAGMA index_info('{index[1]}')"))
                name = "implicit" if index[1].startswith("sqlite_autoindex") else index[1]
                found.add(("index", table, name, index[2], columns))
        levels = list(db.execute("SELECT slug, name, position FROM challenges_level ORDER BY id"))
    return found, levels


def test_a_database_of_the_old_chains_equals_a_new_one_and_goes_on_from_it(tmp_path):
    new, old = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    manage("migrate", "--noinput", database=new)
    script = MIGRATE_BY_THE_OLD_CHAINS % (tuple(SQUASHED),)
    manage(database=old, command=[sys.executable, "-c", script])

    new_schema, new_levels = schema(new)
    assert schema(old) == (new_schema, new_levels)
    assert [slug for slug, _, _ in new_levels] == [
        "individual",
        "project",
        "organisation",
        "environment",
    ]
    # The old database has nothing left to apply and counts as squashed.
    assert "No migrations to apply" in manage("migrate", "--noinput", database=old)
    shown = manage("showmigrations", *SQUASHED, database=old)
    for squashed, _ in SQUASHED.values():
        assert f"[X] {squashed} (6 squashed migrations)" in shown
