import os

import pytest
from django.test import override_settings

# make test runs the test files on a worker process per core (pytest-xdist).
# What two workers could share is their own: the database (pytest-django names
# PostgreSQL's per worker), tmp_path, the ports (each asks for a free one), and
# the file cache of the commands and servers the tests start (below). Not a
# Redis database: with REDIS_URL every test empties it, so the suite then runs
# in one process.


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """`-n auto` with REDIS_URL: no worker, the tests run in this process."""
    if os.environ.get("REDIS_URL"):
        return 0
    return None


def pytest_configure(config):
    workers = getattr(config.option, "numprocesses", None)
    if os.environ.get("REDIS_URL") and workers and not hasattr(config, "workerinput"):
        raise pytest.UsageError(
            "With REDIS_URL the tests share one Redis database, which each test empties: "
            "run them in one process (-n 0, or -n auto, which does that)."
        )


@pytest.fixture(autouse=True, scope="session")
def _a_cache_folder_of_this_process(tmp_path_factory):
    """The commands and servers the tests start keep their file cache in a folder
    of this test process, not in the project's var/cache, which every worker
    (and a developer's `make run`) would share."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def _plain_static_storage():
    """Serve static files as they are: tests do not run collectstatic."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES=_test_caches(),
        # A crawl or a fuzz sends hundreds of requests from one address; the
        # rate limits are switched on by the tests of tests/serving/test_limits.py.
        SIGNIN_POSTS_PER_MINUTE=0,
        SIGNIN_POSTS_PER_USERNAME_PER_MINUTE=0,
        EXPENSIVE_REQUESTS_PER_MINUTE=0,
    ):
        yield


def _test_caches():
    """Memory, or the Redis of REDIS_URL (CI runs the cache tests on both)."""
    from django.conf import settings

    if settings.REDIS_URL:
        return settings.CACHES
    memory = "django.core.cache.backends.locmem.LocMemCache"
    return {
        "default": {"BACKEND": memory, "LOCATION": "pages"},
        "state": {"BACKEND": memory, "LOCATION": "state"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page and no state (a rolled-back test sends no signal)."""
    from django.core.cache import caches

    from collabkb.web import cachefaults

    # A test that made the cache fail leaves it answering for the next one.
    cachefaults._failing, cachefaults._retry_at = False, 0.0
    caches["default"].clear()
    caches["state"].clear()
    yield


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session's browser tests."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    # Playwright's sync API runs an event loop in this thread; the tests' own
    # ORM calls (making data for live_server) are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(5000)
    violations = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text),
    )
    yield page
    context.close()
    # Every page a browser test opened kept to the Content-Security-Policy.
    assert violations == []


@pytest.fixture(scope="module")
def shipped_content(django_db_setup, django_db_blocker):
    """The knowledge base of fixtures/, loaded once for a module's tests, in a
    transaction that is rolled back after them (each test's nests in it)."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_content", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def uncached(settings):
    """Every request renders: the page cache is left out of the middleware."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PageCacheMiddleware")]
