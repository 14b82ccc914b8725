"""The whole-knowledge-base pages at 100 times the shipped content: the first
render after a write, the write itself, and a worker's memory.

Usage (its own database and cache in a temporary folder, as bench/pages.py):

    .venv/bin/python bench/scale.py [--times 100] [--writes 5] [--mixed 500]

Makes a synthetic knowledge base (bench/synthetic.py) of ``--times`` the
shipped number of records, starts one gunicorn sync worker with production
settings, and for each page type: saves a record (a practice's summary, as
an editor would; its stored figures follow, and the content version
changes), then asks for the page once as a reader (the page cache misses:
the first render after the write). Prints the median over ``--writes``
rounds of the worker's CPU milliseconds for that request (the scheduler's
nanosecond counts), the wall time of the save, and after ``--mixed``
requests of every page type with a save every tenth, the worker's resident
memory.
"""

import argparse
import http.client
import json
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.pages import ENVIRONMENT, cpu_seconds, free_port, worker_pid  # noqa: E402
from collabkb.kinds import registry  # noqa: E402
from collabkb.published.dbstats import refresh_statistics  # noqa: E402

PAGES = [
    ("home", "/"),
    ("map", "/map/"),
    ("map, filtered", "/map/?dimension=relational"),
    (
        "plan",
        "/plan/?sector=public&sector=academic&scope=cross-border&country=Country+3"
        "&stage=starting&challenge=challenge-1&challenge=challenge-2",
    ),
    ("plan, not sure", "/plan/?sector=public&scope=cross-border&challenge=not-sure"),
    ("plan, the form", "/plan/"),
    ("plan, the form finding a challenge", "/plan/?find=policy"),
    ("compare", "/compare/?kind=cases&slug=case-1&slug=case-2"),
    ("world map", "/cases/map/"),
    ("case list, a facet", "/cases/?country=Country+3"),
    ("organisation list", "/organisations/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap, practices' first page", "/sitemap-practices.xml"),
    ("sitemap, practices' last page", "/sitemap-practices.xml?p=6"),
    ("sitemap, moments", "/sitemap-moments.xml"),
]
SHIPPED = 261  # challenges, practices, cases and organisations in fixtures/


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status)
    return len(body)


def write(n):
    """An editor's save of one practice; returns its wall milliseconds."""
    from practices.models import Practice

    practice = Practice.objects.get(slug=f"practice-{n}")
    practice.summary = f"{practice.summary.split(' (edited')[0]} (edited {n})"
    start = time.perf_counter()
    practice.save()
    return (time.perf_counter() - start) * 1000


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=100)
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--mixed", type=int, default=500)
    parser.add_argument(
        "--base",
        type=Path,
        help="a SQLite file: the knowledge base, read from it if it is there (as "
        "bench/first_render.py --base keeps one), else kept in it once made",
    )
    args = parser.parse_args()
    from bench import synthetic  # its models need bench.pages' settings first

    start = time.perf_counter()
    if args.base and args.base.exists():
        synthetic.load(args.base)
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        synthetic.generate(SHIPPED * args.times)
        refresh_statistics()
        if args.base:
            synthetic.save(args.base)
    call_command("collectstatic", verbosity=0, interactive=False)
    made = time.perf_counter() - start
    from practices.models import Practice

    records = sum(kind.model.objects.count() for kind in registry)
    print(
        f"{Practice.objects.count()} practices among {records} records "
        f"({args.times}× the shipped content), made or read in {made:.0f} s"
    )
    port = free_port()
    master = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "collabkb.wsgi",
            "--workers",
            "1",
            "--timeout",
            "120",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**ENVIRONMENT, "STATIC_ROOT": str(settings.STATIC_ROOT)},
    )
    try:
        time.sleep(3)
        worker = worker_pid(master.pid)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _, path in PAGES:  # imports and first connections, out of the measure
            get(connection, path)
        print(f"one gunicorn sync worker, SQLite; median of {args.writes} writes")
        print(f"{'page':22} {'first render after a write, CPU ms':>36} {'bytes':>10}")
        saves, results = [], {}
        for name, path in PAGES:
            cpu = []
            for round_ in range(args.writes):
                saves.append(write(round_ + 1))
                before = cpu_seconds(worker)
                size = get(connection, path)
                cpu.append((cpu_seconds(worker) - before) * 1000)
            results[name] = statistics.median(cpu)
            print(f"{name:22} {results[name]:36.1f} {size:10}", flush=True)
        print(
            f"a save (its figures kept in the same transaction): {statistics.median(saves):.1f} ms"
        )
        for i in range(args.mixed):
            if i % 10 == 0:
                write(i % 50 + 1)
            get(connection, PAGES[i % len(PAGES)][1])
        memory = rss_mb(worker)
        print(f"worker memory after {args.mixed} mixed requests: {memory:.0f} MB")
        print(
            json.dumps({"cpu_ms": results, "save_ms": statistics.median(saves), "rss_mb": memory})
        )
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)


if __name__ == "__main__":
    main()
