"""manage.py backup and restore keep everything: users, history, transitions, records."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection

from collabkb.curation import review
from collabkb.curation.roles import EDITORS
from tests import factories as f

# What a restore must give back exactly, row for row.
pytestmark = pytest.mark.slow


TABLES = [
    "auth_user",
    "auth_group",
    "auth_user_groups",
    "reversion_revision",
    "reversion_version",
    "collabkb_transition",
    "challenges_challenge",
    "collabkb_citation",
    "django_session",
]


def _history(django_user_model):
    """A knowledge base with people, history, review moves and a session."""
    editor = django_user_model.objects.create_user("edith", "e@example.org", "a long password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    challenge = f.make_challenge(slug="kept-in-history", status="draft")
    challenge.citations.set([f.make_citation()])
    review.move(challenge, "publish", editor)
    review.move(challenge, "unpublish", editor, "for legal hold")
    session = SessionStore()
    session["signed-in-as"] = editor.pk
    session.create()


def _rows(cursor, table):
    cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a name from TABLES)
    return sorted(cursor.fetchall(), key=repr)


def _run(database_url, *args):
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup; DATABASE_URL is not SQLite"
)
@pytest.mark.django_db(transaction=True)  # the online backup reads committed rows
def test_it_backs_up_sqlite_and_restores_into_an_empty_database(tmp_path, django_user_model):
    _history(django_user_model)
    backup = tmp_path / "site.backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    restored = tmp_path / "restored.sqlite3"
    result = _run(f"sqlite:///{restored}", "restore", str(backup))
    assert result.returncode == 0, result.stderr
    types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # as Django reads SQLite
    with connection.cursor() as here, sqlite3.connect(restored, detect_types=types) as there:
        for table in TABLES:
            assert _rows(here, table) == _rows(there.cursor(), table), table
            assert _rows(there.cursor(), table), f"{table} was empty: nothing compared"
    there.close()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup; DATABASE_URL is not SQLite"
)
@pytest.mark.django_db(transaction=True)  # the online backup reads committed rows
def test_it_refuses_to_restore_over_data_unless_forced_and_says_so(tmp_path, django_user_model):
    _history(django_user_model)
    backup = tmp_path / "site.backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    target = tmp_path / "in-use.sqlite3"
    url = f"sqlite:///{target}"
    assert _run(url, "migrate", "-v0").returncode == 0
    with sqlite3.connect(target) as db:
        db.execute(
            "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name,"
            " email, is_staff, is_active, date_joined) VALUES"
            " ('someone-else', 'x', 0, '', '', '', 0, 1, '2026-01-01')"
        )
    db.close()
    result = _run(url, "restore", str(backup))
    assert result.returncode != 0
    assert "not empty (it holds users)" in result.stderr and "--force" in result.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT username FROM auth_user").fetchall() == [("someone-else",)]
    db.close()
    assert _run(url, "restore", "--force", str(backup)).returncode == 0
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT username FROM auth_user").fetchall() == [("edith",)]
    db.close()


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_no_backup_and_changes_nothing(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "notes.txt"
    path.write_text("not a backup", encoding="utf-8")
    with pytest.raises(CommandError, match="not a backup made by manage.py backup"):
        call_command("restore", str(path), stdout=open(os.devnull, "w"))


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup; DATABASE_URL is not SQLite"
)
@pytest.mark.django_db
def test_it_refuses_to_back_up_from_inside_a_transaction_instead_of_waiting(tmp_path):
    from django.core.management import CommandError

    backup = tmp_path / "site.backup"
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    assert not backup.exists()


def _postgresql_target():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backup: set DATABASE_URL to a PostgreSQL database")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("the PostgreSQL backup: pg_dump and pg_restore are not installed")
    import psycopg

    name = connection.settings_dict["NAME"] + "_restore"
    params = {
        key: value
        for key, value in {
            "host": connection.settings_dict["HOST"],
            "port": connection.settings_dict["PORT"],
            "user": connection.settings_dict["USER"],
            "password": connection.settings_dict["PASSWORD"],
        }.items()
        if value
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "")
    auth = f"{user}:{params['password']}" if "password" in params else user
    where = f"{params.get('host', '')}:{params.get('port', 5432)}"
    return name, params, f"postgres://{auth}@{where}/{name}"


@pytest.mark.django_db(transaction=True)  # pg_dump, another process, must see the rows
def test_it_backs_up_postgresql_and_restores_into_an_empty_database(tmp_path, django_user_model):
    import psycopg

    name, params, url = _postgresql_target()
    try:
        _history(django_user_model)
        backup = tmp_path / "site.backup"
        call_command("backup", str(backup), stdout=open(os.devnull, "w"))
        result = _run(url, "restore", str(backup))
        assert result.returncode == 0, result.stderr
        with connection.cursor() as here, psycopg.connect(dbname=name, **params) as there:
            for table in TABLES:
                assert _rows(here, table) == _rows(there.cursor(), table), table
                assert _rows(there.cursor(), table), f"{table} was empty: nothing compared"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # the online backup reads committed rows
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    previous = os.umask(0o022)  # a usual umask: new files readable by everyone
    try:
        path = tmp_path / "kb.backup"
        call_command("backup", str(path), stdout=open(os.devnull, "w"))
    finally:
        os.umask(previous)
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
