"""A cache that fails or fills up costs speed, never a page, a sign-in or a fresh page.

The Redis tests start a Redis of their own on a free port (and stop it, kill
it, restart it); they skip where redis-server is not installed. The file
cache tests use a folder under a regular file, which no one can write, not
even root (chmod does not stop root).
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from collabkb.web import cachefaults
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def _a_process_that_saw_no_failure(monkeypatch):
    monkeypatch.setattr(cachefaults, "_failing", False)
    monkeypatch.setattr(cachefaults, "_retry_at", 0.0)
    monkeypatch.setattr(cachefaults, "RETRY_SECONDS", 0.0)


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def cache_log():
    """What collabkb.cache logs (it does not propagate to the root logger)."""
    logger, kept = logging.getLogger("collabkb.cache"), Kept()
    logger.addHandler(kept)
    yield lambda: kept.messages
    logger.removeHandler(kept)


@pytest.fixture
def lockouts_in_the_database(settings):
    """Sign-in throttling keeps its lockouts in the database, not in the cache."""
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    AxesProxyHandler.implementation = None
    yield
    AxesProxyHandler.implementation = None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(settings, tmp_path):
    """start(*options, port=None) -> (process, port, client): a Redis of the test's
    own, made the site's cache; all are stopped at the end."""
    if shutil.which("redis-server") is None:
        missing = "redis-server is not installed: the Redis fault tests need one of their own"
        if os.environ.get("CI"):
            pytest.fail(missing + " (.ci/run installs it).")
        pytest.skip(missing)
    started = []

    def start(*options, port=None):
        port = port or free_port()
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(tmp_path), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        client = redis.Redis(port=port, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        redis_cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        settings.CACHES = {"default": redis_cache, "state": redis_cache}
        return process, port, client

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
            process.terminate()
            process.wait(timeout=10)


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def signs_in():
    """An editor signs in through the admin's form and reaches the admin."""
    if not User.objects.filter(username="editor").exists():
        User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    staff = Client()
    answer = staff.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD})
    return answer.status_code == 302 and staff.get("/admin/").status_code == 200


def health():
    answer = Client().get("/healthz")
    return answer.status_code, answer.content.decode().strip()


UNCACHED = "ok: the database answers; the cache does not answer (pages served uncached)"
CACHED = "ok: the database answers; the cache answers"


def test_it_serves_pages_and_signs_in_with_redis_down_and_recovers_without_a_restart(
    own_redis, cache_log, lockouts_in_the_database
):
    process, port, _ = own_redis()
    record = f.make_challenge(title="Old words")
    url = record.get_absolute_url()
    reader = Client()
    assert [reader.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    assert health() == (200, CACHED)

    stop(process)
    for _ in range(3):
        page = reader.get(url)
        assert page.status_code == 200 and "Old words" in page.text
        assert "X-Page-Cache" not in page  # rendered, not cached
    assert health() == (200, UNCACHED)
    assert signs_in()
    record.title = "New words"
    record.save()  # a write the cache never hears of
    assert len(cache_log()) == 1 and "The cache fails" in cache_log()[0]

    own_redis(port=port)  # back, on the same address: no restart of the site
    assert health() == (200, CACHED)
    pages = [reader.get(url) for _ in range(2)]
    assert "New words" in pages[0].text
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit"]
    assert "The cache answers again" in cache_log()[-1]


def test_a_write_while_redis_was_away_shows_when_it_comes_back_with_its_old_pages(own_redis):
    process, port, client = own_redis()
    record = f.make_challenge(title="Old words")
    url = record.get_absolute_url()
    reader = Client()
    assert [reader.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    client.save()  # Redis comes back below with these pages and this content version
    stop(process)
    record.title = "New words"
    record.save()
    assert "New words" in reader.get(url).text
    own_redis("--dbfilename", "dump.rdb", port=port)
    assert client.dbsize() > 0  # the old pages are back
    assert "New words" in reader.get(url).text


def test_a_full_redis_that_refuses_writes_costs_no_page_no_sign_in_and_no_fresh_page(
    own_redis, lockouts_in_the_database
):
    _, _, client = own_redis("--maxmemory-policy", "noeviction")
    record = f.make_challenge(title="Old words")
    url = record.get_absolute_url()
    reader = Client()
    assert [reader.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    for number in range(100):
        client.set(f"junk:{number}", "x" * 1000)
    # Full: its memory limit is below what it holds, and it evicts nothing.
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 64 * 1024)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        client.set("one-more", "x")

    assert reader.get("/challenges/").status_code == 200  # cannot be kept: rendered
    assert health() == (200, UNCACHED)
    assert signs_in()
    record.title = "New words"
    record.save()
    # Another worker, which has seen no failure, reads the cache as it is.
    cachefaults._failing = False
    assert "New words" in reader.get(url).text


def test_a_redis_full_of_pages_evicts_them_and_nothing_else_breaks(
    own_redis, lockouts_in_the_database
):
    _, _, client = own_redis("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru")
    editor = Client()
    editor.force_login(User.objects.create_user("signed-in", password=PASSWORD, is_staff=True))
    f.make_linked_set()
    reader = Client()
    for number in range(60):
        assert reader.get(f"/search/?q=word{number}").status_code == 200
    for number in range(300):
        client.set(f"collabkb:page:junk:{number}", "x" * 10_000)
    assert client.info("stats")["evicted_keys"] > 0
    assert health() == (200, CACHED)
    record = f.make_challenge(title="Old words")
    reader.get(record.get_absolute_url())
    record.title = "New words"
    record.save()
    assert "New words" in reader.get(record.get_absolute_url()).text
    assert editor.get("/admin/").status_code == 200  # the session was not in the cache
    assert signs_in()


@pytest.fixture
def unwritable_cache(settings, tmp_path):
    """A file cache whose folder cannot be made: its path runs through a file."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    settings.CACHES = {
        "default": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(tmp_path / "a-file" / "cache"),
        },
        "state": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(tmp_path / "a-file" / "cache" / "state"),
        },
    }


def test_a_cache_folder_that_cannot_be_written_serves_pages_uncached_and_logs_once(
    unwritable_cache, cache_log
):
    record = f.make_challenge(title="Old words")
    reader = Client()
    for _ in range(3):
        page = reader.get(record.get_absolute_url())
        assert page.status_code == 200 and "Old words" in page.text
        assert "X-Page-Cache" not in page
    record.title = "New words"
    record.save()
    assert "New words" in reader.get(record.get_absolute_url()).text
    assert health() == (200, UNCACHED)
    assert len(cache_log()) == 1 and "NotADirectoryError" in cache_log()[0]


def test_the_file_cache_stays_near_its_bound_and_counts_its_files_only_now_and_then(
    settings, tmp_path, monkeypatch
):
    from collabkb.web.filecache import FileCache

    settings.CACHES = {
        "default": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(tmp_path / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 3, "CULL_EVERY": 10},
        }
    }
    listings = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(
        FileCache, "_list_cache_files", lambda self: listings.append(1) or original(self)
    )
    for number in range(200):
        cache.set(f"page-{number}", "x" * 100, 60)
    assert len(list((tmp_path / "cache").iterdir())) <= 30 + 10
    assert len(listings) <= 200 / 10 + 1
