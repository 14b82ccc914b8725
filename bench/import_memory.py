"""Memory of import_kb: peak Python memory and max RSS growth, as times the file.

Usage (it empties the database it is given, so give it one of its own):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_memory.py FILE
    ... bench/import_memory.py FILE --dry-run       # the dry run
    ... bench/import_memory.py FILE --rss           # RSS only, without tracemalloc's cost

Make FILE with the synthetic knowledge base, e.g. export_kb --include-drafts
after bench/synthetic.py's generate(5000) (bench/exchange.py shows how).
Run once per figure: max RSS is the process's, so each run is a fresh process.
"""

import argparse
import gc
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collabkb.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import synthetic  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--rss", action="store_true", help="max RSS only, no tracemalloc")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    synthetic.wipe()
    gc.collect()
    size = os.path.getsize(args.file)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if not args.rss:
        tracemalloc.start()
    start = time.perf_counter()
    out = io.StringIO()
    call_command("import_kb", args.file, *(["--dry-run"] if args.dry_run else []), stdout=out)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    print(f"database: {connection.vendor}; file {size / 1e6:.1f} MB; {out.getvalue().strip()}")
    if not args.rss:
        peak = tracemalloc.get_traced_memory()[1]
        print(f"tracemalloc peak {peak / 1e6:6.1f} MB  {peak / size:5.2f} x the file")
    print(f"max RSS growth   {rss / 1e6:6.1f} MB  {rss / size:5.2f} x the file   {seconds:.1f} s")


if __name__ == "__main__":
    main()
