"""The file cache: ``add`` lets exactly one process win."""

import multiprocessing

from collabkb.filecache import FileCache


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
