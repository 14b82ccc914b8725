"""Settings come from the environment; production refuses insecure defaults."""

import os
import subprocess
import sys

from django.conf import settings

START = [sys.executable, "manage.py", "check"]


def run(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        START, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def test_it_refuses_to_start_with_debug_off_and_the_default_secret_key():
    result = run(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_with_debug_off_and_a_secret_key():
    result = run(DEBUG="0", SECRET_KEY="a-long-random-production-secret-for-the-test")
    assert result.returncode == 0, result.stderr


def test_it_starts_with_no_variable_set():
    result = run()
    assert result.returncode == 0, result.stderr


def test_it_refuses_a_debug_value_that_is_not_a_boolean():
    result = run(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
