"""Record and source pages: the CPU of the first render after a write, at the
shipped size and at 100 times it.

Usage (it makes its own database and cache in a temporary folder):

    .venv/bin/python bench/first_render.py [--times 100] [--repeat 5]

Loads the shipped knowledge base, then for each page saves a record (a
write: the content version changes, so nothing the process or the page
cache kept from before can answer) and renders the page as a signed-in
curator (the page cache lets curators by), in this process: the CPU time
(``time.process_time``, the database's included, SQLite running in the
process) is the cost of that render. Prints the median of ``--repeat``
renders of each page. Then grows the knowledge base with
``bench/synthetic.py`` to ``--times`` its size and measures again; the
shipped pages keep their own links, so a synthetic record of each kind is
measured too (its links and its neighbours are as common as any).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="collabkb-bench-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "collabkb.settings",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{FOLDER / 'bench.sqlite3'}"
        ),
        "CACHE_DIR": str(FOLDER / "cache"),
        "STATIC_ROOT": str(FOLDER / "static"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k7Vq2xN9pL4mR8sT1wY6zB3cF5hJ0dG-aE_uI7oP2nQ9rS4tU8vW1x",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "EXPENSIVE_REQUESTS_PER_MINUTE": "0",
    }
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench import synthetic  # noqa: E402
from cases.models import Case, Organisation  # noqa: E402
from challenges.models import Challenge  # noqa: E402
from collabkb import versions  # noqa: E402
from collabkb.published.dbstats import refresh_statistics  # noqa: E402
from practices.models import Practice  # noqa: E402

VIDEO = "/sources/opsi-crossborder-collaboration-webinar/"
PAGES = [
    ("challenge", "/challenges/role-clarity/"),
    ("practice", "/practices/dont-forget-role-clarity/"),
    ("case", "/cases/catalyst-project/"),
    ("organisation", "/organisations/university-of-essex/"),
    ("challenge as JSON", "/challenges/role-clarity/?format=json"),
    ("case as JSON", "/cases/catalyst-project/?format=json"),
    ("moment", VIDEO + "t/1692/"),
    ("report, one place", "/sources/catalyst-project-report/?place=table-3"),
    ("report outline", "/sources/catalyst-project-report/"),
    ("video timeline", VIDEO),
    ("tag", "/tags/leadership/"),
]
SYNTHETIC = [
    ("synthetic challenge", "/challenges/challenge-7/"),
    ("synthetic practice", "/practices/practice-7/"),
    ("synthetic case", "/cases/case-7/"),
    ("synthetic moment", "/sources/bench-video/t/7/"),
    ("synthetic report outline", "/sources/bench-report/"),
    ("synthetic video timeline", "/sources/bench-video/"),
    ("synthetic video timeline, last page", "/sources/bench-video/?page=13"),
]


def write():
    """A save, as a curator's: every cached page and kept value is old after it."""
    Challenge.objects.filter(slug="cultural-norms").first().save()


def first_render(client, path, repeat):
    """The median CPU milliseconds of rendering ``path`` just after a write."""
    spent = []
    for _ in range(repeat):
        write()
        start = time.process_time()
        response = client.get(path)
        spent.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(spent)


def run(client, pages, repeat, size):
    records = sum(model.objects.count() for model in (Challenge, Practice, Case, Organisation))
    print(f"\n{size}: {records} records")
    print(f"{'page':28} {'first render after a write, CPU ms':>36}")
    for name, path in pages:
        print(f"{name:28} {first_render(client, path, repeat):36.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--base",
        type=Path,
        help="a SQLite file: the grown knowledge base, read from it if it is there, "
        "else kept in it once grown (growing takes minutes)",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    client = Client()
    client.force_login(User.objects.create(username="bench", is_staff=True))
    print(f"in one process, {os.environ['DATABASE_URL'].split(':')[0]}, median of {args.repeat}")
    run(client, PAGES, args.repeat, "shipped content")
    shipped = sum(model.objects.count() for model in (Challenge, Practice, Case, Organisation))
    started = time.perf_counter()
    if args.base and args.base.exists():
        synthetic.load(args.base)
        call_command("migrate", verbosity=0)
        client.force_login(User.objects.get_or_create(username="bench", is_staff=True)[0])
        print(f"(grown knowledge base read from {args.base})")
    else:
        synthetic.generate(shipped * (args.times - 1))
        refresh_statistics()  # as loaddata and import_kb do after a bulk load
        print(f"(grown in {time.perf_counter() - started:.0f} s)")
        if args.base:
            synthetic.save(args.base)
    versions.bump({versions.EVERYTHING})  # every page is old
    run(client, PAGES + SYNTHETIC, args.repeat, f"{args.times} times the content")


if __name__ == "__main__":
    main()
