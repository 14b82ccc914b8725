"""Django's file cache, counting its entries less often.

Django's FileBasedCache lists its whole folder before every write to count
its entries (``_cull``): with thousands of pages that listing costs more than
the write. Here each cache object (one per thread) counts on its first write
and then on every ``CULL_EVERY``-th (an option, 100 by default), so the folder
can pass MAX_ENTRIES by at most that many writes per thread before it is
culled. Losing any entry to culling, the content version included, only
makes pages miss (collabkb/pagecache.py).
"""

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = max(1, int(params.get("OPTIONS", {}).get("CULL_EVERY", 100)))
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self._cull_every == 1 or self._cull_every == 1:
            super()._cull()
