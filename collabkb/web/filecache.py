"""Django's file cache, with an atomic ``add``, fewer counts, and a cull that can spare state.

The files are Django's (an expiry, then the value), only three things differ:

- ``add`` is atomic across processes. Django's checks ``has_key`` then
  writes, so two processes could both add the same key (both take the page
  cache's render lock). Here the entry is written to a temporary file, then
  linked to the key's path (``os.link``), which fails if an entry is there.
  An expired entry there is removed and the link tried once more.
- An expired entry is removed only if its path still names the file that was
  read (checked under a lock on that file): a reader that finds an old, expired
  entry never removes a fresh one another process has just put in its place.
- Counting: Django's FileBasedCache lists its whole folder before every write
  to count its entries (``_cull``): with thousands of pages that listing costs
  more than the write. Here each cache object (one per thread) counts on its
  first write and then on every ``CULL_EVERY``-th (an option, 100 by
  default), so the folder can pass MAX_ENTRIES by at most that many writes per
  thread before it is culled.

A full folder drops a random part of its entries (``CULL_FREQUENCY``), as
Django's does. With the option ``CULL_EXPIRED_FIRST`` (the folder of state:
the content version and the rate-limit counters), a cull first removes the
expired entries; only if the folder is still full does it drop a random part
of those that expire, and never an entry without expiry.
"""

import fcntl
import os
import pickle
import random
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
        self._expired_first = bool(options.get("CULL_EXPIRED_FIRST", False))
        self._writes = 0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()
        path = self._key_to_file(key, version)
        self._cull()
        descriptor, temporary = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            for _ in range(2):  # once more after removing an expired entry
                try:
                    os.link(temporary, path)
                    return True
                except FileExistsError:
                    if not self._expired(path):
                        return False
            return False
        finally:
            os.remove(temporary)

    def _expired(self, path):
        """Whether the entry at ``path`` has expired (it is then removed) or is gone."""
        try:
            with open(path, "rb") as file:
                return self._is_expired(file)
        except FileNotFoundError:
            return True

    def _is_expired(self, f):
        expiry = _expiry(f)
        if expiry is not None and expiry < time.time():
            self._remove(f)
            return True
        return False

    def _remove(self, f):
        """Remove the open entry ``f``, unless its path names another file by now."""
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)  # released when ``f`` is closed
        try:
            if os.stat(f.name).st_ino == os.fstat(f.fileno()).st_ino:
                os.remove(f.name)
        except FileNotFoundError:
            pass  # another process removed it

    def _cull(self):
        self._writes += 1
        if self._cull_every > 1 and self._writes % self._cull_every != 1:
            return
        if not self._expired_first:
            return super()._cull()
        paths = self._list_cache_files()
        if len(paths) < self._max_entries:
            return
        now, timed, lasting = time.time(), [], 0
        for path in paths:
            try:
                with open(path, "rb") as file:
                    expiry = _expiry(file)
                    if expiry is None:
                        lasting += 1
                    elif expiry < now:
                        self._remove(file)
                    else:
                        timed.append(path)
            except FileNotFoundError:
                pass
        left = len(timed) + lasting
        if left >= self._max_entries:
            dropped = min(len(timed), int(left / max(1, self._cull_frequency)))
            for path in random.sample(timed, dropped):
                self._delete(path)


def _expiry(file):
    """The expiry at the start of an entry's file: a time, or None for never."""
    try:
        return pickle.load(file)
    except EOFError:
        return 0  # an empty file counts as expired, as in Django
