"""Django's file cache, with an atomic ``add``, counting its entries less often.

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
"""

import fcntl
import os
import pickle
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
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
        super()._cull()


def _expiry(file):
    """The expiry at the start of an entry's file: a time, or None for never."""
    try:
        return pickle.load(file)
    except EOFError:
        return 0  # an empty file counts as expired, as in Django
