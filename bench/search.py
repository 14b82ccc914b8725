"""Search benchmark: median and 95th-percentile time per query at 1k, 10k, 100k.

Usage (it empties the database it is given, so give it one of its own):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search.py
    createdb -h 127.0.0.1 -U postgres collabkb_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/collabkb_bench .venv/bin/python bench/search.py

Each size: a synthetic knowledge base (bench/synthetic.py), the search index
rebuilt, then a fixed set of 50 queries, each run once to warm up and then
timed five times (its median counts).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collabkb.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import synthetic  # noqa: E402
from collabkb.search import index  # noqa: E402
from collabkb.search.engine import search  # noqa: E402


def queries(words, n=50, seed=7):
    """A fixed mix: single words, pairs, phrases, a filter, misspellings.

    Query words are drawn from the 100th to the 3,000th most frequent words:
    the content words people search for, not the few most common ones, which
    would match a large share of every record.
    """
    rng = random.Random(seed)
    common = [w for w in words[100:3000] if len(w) > 3]
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append((rng.choice(common), {}))
        elif kind == 1:
            out.append((f"{rng.choice(common)} {rng.choice(common)}", {}))
        elif kind == 2:
            out.append((f'"{rng.choice(common)} {rng.choice(common)}"', {}))
        elif kind == 3:
            out.append((rng.choice(common), {"kind": "practice"}))
        else:
            word = rng.choice([w for w in words if len(w) > 6])
            out.append((word[:2] + word[3:], {}))  # a letter dropped
    return out


def measure(text, selected, repeat=5):
    search(text, selected)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        search(text, selected)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"database: {vendor} ({connection.settings_dict['NAME']})")
    print(f"{'records':>8} {'documents':>10} {'build s':>8} {'median ms':>10} {'p95 ms':>8}")
    for size in args.sizes:
        synthetic.wipe()
        start = time.perf_counter()
        words = synthetic.generate(size)
        documents = index.rebuild()
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build = time.perf_counter() - start
        times = [measure(text, selected) * 1000 for text, selected in queries(words)]
        times.sort()
        p95 = times[int(round(0.95 * (len(times) - 1)))]
        print(
            f"{size:>8} {documents:>10} {build:>8.1f} {statistics.median(times):>10.1f} {p95:>8.1f}"
        )
    synthetic.wipe()


if __name__ == "__main__":
    main()
