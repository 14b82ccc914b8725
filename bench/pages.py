"""Page benchmark: every page type under one gunicorn, beside a static file.

Usage (it makes its own database and cache in a temporary folder):

    .venv/bin/python bench/pages.py [--requests 200] [--pages plan map ...]
        [--port 8000] [--before OTHER_CHECKOUT]

Starts one gunicorn with production settings (one sync worker, so the
worker's CPU time is the cost of the requests), loads the shipped knowledge
base, and for each page type sends requests one after another: *cached* (as
a reader: the page cache answers after the first) and *uncached* (with a
signed-in staff member's session cookie, so every request renders: a
curator's view), and *miss* (as a reader whose page the cache no longer
holds, as after a write: the cache's pages removed before each request),
with the static file just before and just after. Then grows the knowledge
base to ten times its size (the test factory's grow_knowledge_base) and
measures again. With ``--before``, a second gunicorn serves another
checkout's code (main, say) on the next port, from the same database, and
each page is measured on both in turn: a line "before", then one
"after" (this checkout), so that the two share the machine's moments. Prints requests per
second, the worker's CPU milliseconds per request (read in nanoseconds from
the scheduler), and each page's ratio to the static file measured around it
(the machine is shared and noisy: compare ratios, not absolute times).

``--accept-encoding "gzip, br"`` sends that header with every request, as a
browser does: the static file then comes precompressed (whitenoise), and a
reader's page compressed (collabkb/web/compression.py); a curator's page
stays plain.
"""

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="collabkb-bench-"))
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "collabkb.settings",
    "DATABASE_URL": f"sqlite:///{FOLDER / 'bench.sqlite3'}",
    "CACHE_DIR": str(FOLDER / "cache"),
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "k7Vq2xN9pL4mR8sT1wY6zB3cF5hJ0dG-aE_uI7oP2nQ9rS4tU8vW1x",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    # Every request of a page type comes from this one address.
    "EXPENSIVE_REQUESTS_PER_MINUTE": "0",
}
os.environ.update(ENVIRONMENT)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402

from collabkb import changes  # noqa: E402
from collabkb.published.dbstats import refresh_statistics  # noqa: E402
from tests.factories import grow_knowledge_base  # noqa: E402

VIDEO = "/sources/opsi-crossborder-collaboration-webinar/"
PAGES = [
    ("home", "/"),
    ("challenge list", "/challenges/"),
    ("case list", "/cases/"),
    ("challenge", "/challenges/role-clarity/"),
    ("practice", "/practices/dont-forget-role-clarity/"),
    ("case", "/cases/catalyst-project/"),
    ("organisation", "/organisations/university-of-essex/"),
    ("video timeline", VIDEO),
    ("report outline", "/sources/catalyst-project-report/"),
    ("moment", VIDEO + "t/1692/"),
    ("tag", "/tags/leadership/"),
    ("series", "/series/catalyst-project-lessons/"),
    ("search", "/search/?q=trust"),
    ("challenges as CSV", "/challenges/?format=csv"),
    (
        "plan",
        "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
        "&stage=starting&challenge=role-clarity",
    ),
    ("plan, not sure", "/plan/?sector=public&scope=cross-border&challenge=not-sure"),
    ("compare", "/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab"),
    ("map", "/map/"),
    ("map, filtered", "/map/?dimension=leadership"),
    ("world map", "/cases/map/"),
]


STAFF = {}
ENCODING = {}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid):
    """The CPU time of the process, from the scheduler's nanosecond counts of
    its threads (/proc/PID/task/*/schedstat), not the 10 ms ticks of its stat."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def worker_pid(master):
    """The worker's pid, once gunicorn has started it (a minute at most: a
    busy machine starts it late)."""
    deadline = time.monotonic() + 60
    while not (children := Path(f"/proc/{master}/task/{master}/children").read_text().split()):
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn started no worker within a minute")
        time.sleep(0.5)
    time.sleep(2)  # the worker loads the application
    return int(children[0])


def empty_cache():
    """Remove every file of the worker's file cache (the pages it keeps): the
    next request of a reader misses, as after a write. The versions are in
    the database, so nothing else is lost. Done by this process, so its cost
    is not the worker's."""
    for entry in Path(ENVIRONMENT["CACHE_DIR"]).glob("*.djcache"):  # not state/
        entry.unlink(missing_ok=True)


def measure(port, worker, path, n, cookie="", miss=False):
    """(requests per second, worker CPU ms per request) for n requests to
    path; ``miss``: the page cache emptied before each (a reader's miss)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if ENCODING.get("accept"):
        headers["Accept-Encoding"] = ENCODING["accept"]
    connection.request("GET", path, headers=headers)  # warm: the cache fills here
    connection.getresponse().read()
    cpu, start = cpu_seconds(worker), time.perf_counter()
    for _ in range(n):
        if miss:
            cpu -= cpu_seconds(worker)  # the worker is idle while this one empties
            empty_cache()
            cpu += cpu_seconds(worker)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
    wall, cpu = time.perf_counter() - start, cpu_seconds(worker) - cpu
    connection.close()
    return n / wall, cpu * 1000 / n


def staff_cookie():
    """The cookie of a signed-in staff member's session: the page cache lets it by."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    from collabkb.web.sessions import SessionStore

    user, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def run(servers, n, size, pages):
    """Each page on each of ``servers`` ((label, port, worker pid)) in turn."""
    static = "/static/" + staticfiles_storage.stored_name("css/site.css")
    print(f"\n{size}")
    print(
        f"{'page':22} {'static ms':>9}   {'cached ms':>9} {'× static':>8} {'req/s':>7}   "
        f"{'uncached ms':>11} {'× static':>8} {'req/s':>7}   {'miss ms':>8} {'× static':>8}"
    )
    for name, path in pages:
        for label, port, worker in servers:
            # The static file just before and just after the page: the machine is
            # shared, and each ratio divides by what it did at the same time.
            before = measure(port, worker, static, n)[1]
            cached_rate, cached_ms = measure(port, worker, path, n)
            rate, ms = measure(port, worker, path, max(10, n // 2), cookie=STAFF["cookie"])
            miss_ms = measure(port, worker, path, max(10, n // 4), miss=True)[1]
            static_ms = (before + measure(port, worker, static, n)[1]) / 2
            title = f"{name}, {label}" if label else name
            print(
                f"{title:22} {static_ms:9.2f}   {cached_ms:9.2f} {cached_ms / static_ms:8.1f} "
                f"{cached_rate:7.0f}   {ms:11.2f} {ms / static_ms:8.1f} {rate:7.0f}   "
                f"{miss_ms:8.2f} {miss_ms / static_ms:8.1f}",
                flush=True,
            )


def serve(code, port):
    """One gunicorn sync worker serving the code of the checkout ``code`` on ``port``."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "collabkb.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=code,
        env={**ENVIRONMENT, "STATIC_ROOT": str(settings.STATIC_ROOT)},
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="NAME",
        help="measure only the page types whose name starts with one of these",
    )
    parser.add_argument("--port", type=int, help="the port to serve on (default: a free one)")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="CHECKOUT",
        help="also serve this checkout's code (on the next port) and measure each page on both",
    )
    parser.add_argument(
        "--accept-encoding",
        metavar="HEADER",
        help='send this Accept-Encoding with every request, e.g. "gzip, br"',
    )
    args = parser.parse_args()
    ENCODING["accept"] = args.accept_encoding
    pages = [
        (name, path) for name, path in PAGES if not args.pages or name.startswith(tuple(args.pages))
    ]
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    STAFF["cookie"] = staff_cookie()
    port = args.port or free_port()
    masters = [("after" if args.before else "", port, serve(ROOT, port))]
    if args.before:
        masters.insert(0, ("before", port + 1, serve(args.before.resolve(), port + 1)))
    try:
        time.sleep(3)
        servers = [(label, port, worker_pid(master.pid)) for label, port, master in masters]
        workers = ", ".join(f"{label or 'pid'} {pid}" for label, _, pid in servers)
        print(f"one gunicorn sync worker each ({workers}), SQLite, {args.requests} requests a page")
        print(f"Accept-Encoding: {args.accept_encoding or '(none)'}")
        if args.before:
            print(f"before: {args.before.resolve()}; after: {ROOT}")
        run(servers, args.requests, "shipped content", pages)
        grow_knowledge_base(factor=9)
        refresh_statistics()  # as loaddata and import_kb do after a bulk load
        changes.announce_everything()  # search, figures and pages follow the growth
        run(servers, args.requests, "ten times the content", pages)
    finally:
        for _, _, master in masters:
            master.send_signal(signal.SIGTERM)
            master.wait(timeout=30)


if __name__ == "__main__":
    main()
