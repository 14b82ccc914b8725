"""A whole database to one file and back: users, history, transitions, sessions.

PostgreSQL through pg_dump and pg_restore (custom format); SQLite through
its online backup API, which copies a consistent snapshot while the site
keeps running. Unlike export_kb (records only, for exchange), a backup
holds every table of the database as it is.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

from collabkb import changes
from collabkb.kinds import registry

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be made; nothing was changed."""


def _kind_of_file(path):
    with open(path, "rb") as file:
        start = file.read(len(SQLITE_HEADER))
    if start == SQLITE_HEADER:
        return "sqlite"
    if start.startswith(POSTGRESQL_HEADER):
        return "postgresql"
    return None


def _postgresql_environment():
    """The database settings as libpq variables: no password on a command line."""
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, name in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings.get(name):
            environment[variable] = str(settings[name])
    return environment


def _run(tool, *args):
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} was not found: install the PostgreSQL client tools.")
    result = subprocess.run(
        [tool, *args], env=_postgresql_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def backup(path):
    """Write the whole database to ``path`` (written aside, then moved into place)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    # It holds password hashes, second-factor keys and sessions: for the
    # owner's eyes only, from the first byte.
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if connection.vendor == "sqlite":
            if connection.in_atomic_block:
                # SQLite's backup would wait for ever on the open transaction.
                raise BackupError("cannot back up from inside a transaction")
            connection.ensure_connection()
            with sqlite3.connect(partial) as target:
                connection.connection.backup(target)
            target.close()
        elif connection.vendor == "postgresql":
            _run("pg_dump", "--format=custom", "--no-owner", "--file", str(partial))
        else:
            raise BackupError(f"no backup for a {connection.vendor} database")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def holds_data():
    """What the database already holds: users, history or records (empty: [])."""
    tables = set(connection.introspection.table_names())
    labels = ["auth.User", "reversion.Version", "collabkb.Transition", "collabkb.Source"]
    models = [apps.get_model(label) for label in labels] + [kind.model for kind in registry]
    return [
        str(model._meta.verbose_name_plural)
        for model in models
        if model._meta.db_table in tables and model._default_manager.exists()
    ]


def check_file(path):
    """Refuse a file that is not a backup of this kind of database."""
    kind = _kind_of_file(path)
    if kind is None:
        raise BackupError(f"{path} is not a backup made by manage.py backup.")
    if kind != connection.vendor:
        raise BackupError(
            f"{path} is a {kind} backup and this database is {connection.vendor}: a backup "
            "restores into the same kind of database (to move, see docs/backup.md)."
        )
    if kind == "sqlite":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            [(result,)] = source.execute("PRAGMA quick_check").fetchall()
        source.close()
        if result != "ok":
            raise BackupError(f"{path} is damaged: {result}")
    else:
        _run("pg_restore", "--list", str(path))


def restore(path):
    """Replace the database's contents with the backup at ``path``."""
    check_file(path)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.backup(connection.connection)
        source.close()
    else:
        connection.close()  # no session of this process holds a lock on a table
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(path),
        )
    # Everything derived from the content follows what was restored.
    with transaction.atomic():
        changes.announce_everything()
