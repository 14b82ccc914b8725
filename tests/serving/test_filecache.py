"""The file cache: a flood of new pages culls pages, never the state (the
content version, the sign-in counts); ``add`` lets exactly one process win."""

import multiprocessing

import pytest
from django.test import Client

from collabkb import versions
from collabkb.web.filecache import FileCache
from tests import factories as f
from tests.serving.test_limits import _one_window  # noqa: F401 (autouse: one window of counts)

STATE_OPTIONS = {"MAX_ENTRIES": 1000, "CULL_EVERY": 1, "CULL_EXPIRED_FIRST": True}


@pytest.fixture
def small_page_cache(settings, tmp_path):
    """The settings' two file caches, with room for 20 pages, counted on every write."""
    pages = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(pages),
            "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 3, "CULL_EVERY": 1},
        },
        "state": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(pages / "state"),
            "OPTIONS": STATE_OPTIONS,
        },
    }
    return pages


@pytest.mark.django_db
def test_a_flood_of_new_pages_keeps_the_content_version_and_the_sign_in_counts(
    small_page_cache, settings
):
    settings.SIGNIN_POSTS_PER_MINUTE = 3
    record = f.make_challenge(title="Words")
    reader, sprayer = Client(), Client(REMOTE_ADDR="203.0.113.30")
    assert reader.get(record.get_absolute_url())["X-Page-Cache"] == "miss"
    version = versions.content_version()
    for n in range(3):
        wrong = {"username": f"sprayed-{n}", "password": "wrong password"}
        assert sprayer.post("/admin/login/", wrong).status_code == 200

    for n in range(60):  # a stranger's searches: a new page each
        assert reader.get("/search/", {"q": f"word{n}"})["X-Page-Cache"] == "miss"

    assert len(list(small_page_cache.glob("*.djcache"))) <= 20  # pages were culled
    assert versions.content_version() == version
    wrong = {"username": "sprayed-3", "password": "wrong password"}
    assert sprayer.post("/admin/login/", wrong).status_code == 429  # still counted


def test_a_state_folder_culls_expired_entries_first_and_never_one_without_expiry(tmp_path):
    options = {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 3, "CULL_EVERY": 1, "CULL_EXPIRED_FIRST": True}
    cache = FileCache(str(tmp_path), {"OPTIONS": options})
    cache.set("version", "v1", None)
    for n in range(8):
        cache.set(f"old-{n}", n, -1)  # expired
    for n in range(5):
        cache.set(f"count-{n}", n, 60)
    assert [cache.get(f"count-{n}") for n in range(5)] == list(range(5))
    for n in range(40):  # more live counts than there is room for
        cache.set(f"more-{n}", n, 60)
    assert len(list(tmp_path.glob("*.djcache"))) <= 10
    assert cache.get("version") == "v1"


def _add_each(folder, keys, start, wins):
    """In a process of its own: add each key as soon as every racer is ready."""
    cache = FileCache(folder, {})
    for number, key in enumerate(keys):
        start.wait(timeout=10)
        if cache.add(key, "mine", 60):
            with wins.get_lock():
                wins[number] += 1


def test_it_lets_exactly_one_of_several_processes_add_a_key(tmp_path):
    racers, keys = 4, [f"page-{n}:rendering" for n in range(60)]
    context = multiprocessing.get_context("fork")
    start, wins = context.Barrier(racers), context.Array("i", len(keys))
    processes = [
        context.Process(target=_add_each, args=(str(tmp_path), keys, start, wins))
        for _ in range(racers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert list(wins) == [1] * len(keys)


def test_it_adds_over_an_expired_entry_and_never_over_a_live_one(tmp_path):
    cache = FileCache(str(tmp_path), {})
    cache.set("lock", "old", -1)  # expired: its renderer gave up long ago
    assert cache.add("lock", "new", 60)
    assert not cache.add("lock", "newer", 60)
    assert cache.get("lock") == "new"
    assert len(list(tmp_path.iterdir())) == 1  # no temporary file is left behind


def test_a_reader_of_an_expired_entry_leaves_the_entry_put_in_its_place(tmp_path):
    cache, other = FileCache(str(tmp_path), {}), FileCache(str(tmp_path), {})
    cache.set("lock", "old", -1)
    with open(cache._key_to_file("lock"), "rb") as old:
        assert other.add("lock", "new", 60)  # another process, meanwhile
        assert cache._is_expired(old)
    assert cache.get("lock") == "new"
