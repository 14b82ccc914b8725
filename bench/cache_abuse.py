"""Cache abuse benchmark: can a stranger's request switch the page cache off?

Usage (it makes its own database and cache in a temporary folder):

    .venv/bin/python bench/cache_abuse.py [--requests 300] [--seconds 20]

Starts one gunicorn with production settings (one sync worker, as
bench/pages.py does), loads the shipped knowledge base, and asks for cached
pages one request after another: as a plain reader, with a made-up session
cookie, with a unique unknown query parameter on every request, with its
declared parameters in another order, and as HEAD. Prints requests per second
and the worker's CPU milliseconds per request for each, and each one's ratio
to the plain reader (1.0: the trick costs nothing). A signed-in staff member,
whom the cache lets by, is measured for scale. Each row stops after
--requests requests or --seconds seconds, whichever comes first.
"""

import argparse
import http.client
import itertools
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.pages import (  # noqa: E402  (sets up Django on a database of its own)
    ENVIRONMENT,
    ROOT,
    cpu_seconds,
    free_port,
    staff_cookie,
    worker_pid,
)

PAGES = [
    ("challenge", "/challenges/role-clarity/"),
    ("challenge list", "/challenges/?sort=title&tag=leadership"),
    ("search", "/search/?q=trust"),
]


def tricks(path, staff):
    """(name, method, headers, address for the n-th request) for each way of asking."""
    joiner = "&" if "?" in path else "?"
    base, _, query = path.partition("?")
    reordered = base + ("?" + "&".join(reversed(query.split("&"))) if query else "")
    return [
        ("plain reader", "GET", {}, lambda n: path),
        ("made-up session cookie", "GET", {"Cookie": "sessionid=madeup12345678"}, lambda n: path),
        ("unique unknown parameter", "GET", {}, lambda n: f"{path}{joiner}x={n}"),
        ("parameters reordered", "GET", {}, lambda n: reordered),
        ("HEAD", "HEAD", {}, lambda n: path),
        ("staff (renders)", "GET", {"Cookie": staff}, lambda n: path),
    ]


def measure(port, worker, method, headers, address, most, seconds):
    """(requests per second, worker CPU ms per request, statuses)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, address(-1), headers=headers)  # warm
    connection.getresponse().read()
    statuses = set()
    cpu, start = cpu_seconds(worker), time.perf_counter()
    count = 0
    for count in itertools.count(1):
        connection.request(method, address(count), headers=headers)
        response = connection.getresponse()
        response.read()
        statuses.add(response.status)
        if count >= most or time.perf_counter() - start > seconds:
            break
    wall, cpu = time.perf_counter() - start, cpu_seconds(worker) - cpu
    connection.close()
    return count / wall, cpu * 1000 / count, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    staff = staff_cookie()
    port = free_port()
    master = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "collabkb.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env={**ENVIRONMENT, "STATIC_ROOT": str(settings.STATIC_ROOT)},
    )
    try:
        time.sleep(3)
        worker = worker_pid(master.pid)
        print(
            f"one gunicorn sync worker (pid {worker}), production settings, SQLite, file "
            f"cache; at most {args.requests} requests or {args.seconds:g} s a row"
        )
        for name, path in PAGES:
            print(f"\n{name}: {path}")
            print(f"{'asked':26} {'req/s':>7} {'CPU ms':>7} {'× plain':>8}  statuses")
            plain = None
            for trick, method, headers, address in tricks(path, staff):
                rate, ms, statuses = measure(
                    port, worker, method, headers, address, args.requests, args.seconds
                )
                plain = plain or ms
                print(
                    f"{trick:26} {rate:7.0f} {ms:7.2f} {ms / plain:8.2f}  "
                    f"{','.join(map(str, sorted(statuses)))}",
                    flush=True,
                )
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)


if __name__ == "__main__":
    main()
