"""Settings come from the environment; production refuses insecure defaults."""

import os
import subprocess
import sys

from django.conf import settings

START = [sys.executable, "manage.py", "check"]
STRONG_KEY = "k7Vq2xN9pL4mR8sT1wY6zB3cF5hJ0dG-aE_uI7oP2nQ9rS4tU8vW1xY3zA6bC"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "kb.example.org"}
OUR_SETTINGS = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "CSP_REPORT_ONLY",
    # Set by the browser tests' fixture for Playwright; never in a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run(*args, command=START, **env):
    """manage.py (check by default) in a fresh process, with only ``env`` of our settings."""
    environment = {k: v for k, v in os.environ.items() if k not in OUR_SETTINGS}
    environment.update(env)
    return subprocess.run(
        [*command, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def run_shell(script, **env):
    """A Python script run by ``manage.py shell`` in a fresh process."""
    shell = [sys.executable, "manage.py", "shell", "--no-imports", "-c", script]
    return run(command=shell, **env)


def test_it_refuses_to_start_with_debug_off_and_the_default_secret_key():
    result = run(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is weak (it is the development key)" in result.stderr


def test_it_refuses_a_weak_secret_key_and_says_how_to_make_one():
    result = run(DEBUG="0", SECRET_KEY="abc")
    assert result.returncode != 0
    assert "it has 3 characters; it needs at least 50" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_it_starts_with_debug_off_and_a_strong_secret_key():
    result = run(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_check_with_nothing_else_set():
    result = run("--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_https_redirect_can_be_left_to_the_proxy():
    result = run(
        "--deploy",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
        **PRODUCTION,
    )
    assert "security.W008" in result.stdout + result.stderr  # the check notices, as it should
    assert result.returncode == 0


def test_it_refuses_a_malformed_proxy_header_setting():
    result = run(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", **PRODUCTION)
    assert result.returncode != 0
    assert "must read" in result.stderr


def test_it_starts_with_no_variable_set():
    result = run()
    assert result.returncode == 0, result.stderr


def test_it_refuses_a_debug_value_that_is_not_a_boolean():
    result = run(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_a_server_error_in_production_is_logged_with_its_traceback_to_stderr():
    script = (
        "from django.test import Client, override_settings\n"
        "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}\n"
        "with override_settings(ROOT_URLCONF='tests.failing_urls',\n"
        "                       STORAGES={'default': plain, 'staticfiles': plain}):\n"
        "    response = Client(raise_request_exception=False).get('/fail/', secure=True)\n"
        "print(response.status_code)\n"
        "print('has been logged' in response.content.decode())\n"
    )
    result = run_shell(script, **{**PRODUCTION, "ALLOWED_HOSTS": "testserver"})
    assert result.stdout.split() == ["500", "True"], result.stdout + result.stderr
    assert "ERROR django.request: Internal Server Error: /fail/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: a deliberate failure for the logging test" in result.stderr
