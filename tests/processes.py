"""A command run in a fresh process on an SQLite file of the test's own."""

import os
import subprocess
import sys

from django.conf import settings


def manage(*args, database, command=None):
    """``manage.py *args`` (or ``command``) with DATABASE_URL naming
    ``database``; fails the test unless it succeeds, and returns its output."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    command = command or [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
