"""Reads under writes: cached throughput with no save, and with an admin saving once a second.

Usage:

    .venv/bin/python bench/writes.py [--seconds 20] [--connections 50] [--grow 9]
        [--postgres postgres://postgres@127.0.0.1:5432/collabkb_bench] [--code /work/main]

Starts gunicorn as deployed (gunicorn.conf.py: 3 workers of 4 threads,
production settings, the file cache) on the shipped knowledge base, in a
temporary folder: SQLite there, or the PostgreSQL database given (emptied
first). ``--grow 9`` makes it ten times the size (tests/factories.py). Then
wrk sends ``--connections`` connections for ``--seconds`` over a mix of
pages (every published record's page, the lists, home, search, sources,
tags, series: each as likely as any other), first with no save, then while
a separate process saves one record a second as an editor does: the
record's admin change form, read and posted back with a new summary (a
challenge, a practice, a case in turn). wrk counts the page cache's hits.

Prints requests per second, the 99th percentile, the share of hits, the
ratio of the two runs, and the time of each save (the POST, and the GET of
the form before it). ``--code`` serves (and saves through) another checkout
of CollabKB with its own .venv, for a before and after on the same data.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import serving  # noqa: E402

ROOT = serving.ROOT

URLS = """
import django
django.setup()
from collabkb.kinds import registry
urls = ["/", "/challenges/", "/practices/", "/cases/", "/organisations/", "/series/",
        "/sources/", "/tags/", "/search/?q=trust", "/search/?q=data+sharing", "/map/"]
for kind in registry:
    for record in kind.model.objects.published().order_by("pk"):
        urls.append(record.get_absolute_url())
print("\\n".join(urls))
"""

GROW = """
import django
django.setup()
from django.db import transaction
from collabkb import changes
from collabkb.published.dbstats import refresh_statistics
from tests.factories import grow_knowledge_base
with transaction.atomic():
    grow_knowledge_base(factor={factor})
    changes.announce_everything()
refresh_statistics()
"""

SAVER = """
import json, signal, sys, time
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from challenges.models import Challenge
from practices.models import Practice
from cases.models import Case
from tests.admin_forms import form_data

user, _ = User.objects.get_or_create(username="bench-editor", defaults={{"is_staff": True}})
user.is_superuser = user.is_staff = True
user.save()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
records = []
for model in (Challenge, Practice, Case):
    records.append(list(model.objects.published().order_by("pk")[:50]))
order = [r for group in zip(*records) for r in group]
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
posts, forms, n = [], [], 0
next_at = time.monotonic()
while not stop:
    record = order[n % len(order)]
    meta = record._meta
    url = reverse(f"admin:{{meta.app_label}}_{{meta.model_name}}_change", args=[record.pk])
    started = time.perf_counter()
    page = client.get(url)
    read = time.perf_counter()
    data = form_data(page.content.decode(), f"{{meta.model_name}}_form")
    data["summary"] = [f"Saved by the benchmark, time {{n}}. " + data["summary"][0][:200]]
    response = client.post(url, data)
    done = time.perf_counter()
    if response.status_code != 302:
        print("save refused", response.status_code, file=sys.stderr)
    forms.append(read - started)
    posts.append(done - read)
    n += 1
    next_at += {interval}
    time.sleep(max(0.0, next_at - time.monotonic()))
print(json.dumps({{"posts": posts, "forms": forms}}))
"""

WRK_SCRIPT = """
paths = {{{paths}}}
hits, counted = 0, 0
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
response = function(status, headers, body)
  counted = counted + 1
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
done = function(summary, latency, requests)
  local h, c = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    c = c + thread:get("counted")
  end
  io.write(string.format("HITS %d %d\\n", h, c))
end
"""


def python_of(code):
    return str(Path(code) / ".venv" / "bin" / "python")


def run_python(code, env, script):
    result = subprocess.run(
        [python_of(code), "-c", script], cwd=code, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def empty_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def wrk(port, script, seconds, connections):
    out = subprocess.run(
        [
            "/usr/bin/wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    hits, counted = map(int, re.search(r"HITS (\d+) (\d+)", out).groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p99": p99_ms,
        "hits": hits / max(counted, 1),
        "errors": int(errors.group(1)) if errors else 0,
    }


def warm(port, urls):
    for url in urls:
        status, _ = serving.timed_get(port, url, timeout=60)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between saves")
    parser.add_argument("--grow", type=int, default=0)
    parser.add_argument("--postgres", help="a PostgreSQL URL to use (its database is emptied)")
    parser.add_argument("--code", default=str(ROOT), help="the checkout to serve and save with")
    args = parser.parse_args()

    extra = {"STAFF_2FA_REQUIRED": "0", "EXPENSIVE_REQUESTS_PER_MINUTE": "0"}
    if args.postgres:
        empty_postgres(args.postgres)
        extra["DATABASE_URL"] = args.postgres
    folder, env = serving.prepare(**extra)
    if args.grow:
        run_python(ROOT, env, GROW.format(factor=args.grow))
    urls = run_python(args.code, env, URLS).split()
    script = Path(tempfile.mkdtemp(prefix="collabkb-wrk-")) / "mix.lua"
    script.write_text(WRK_SCRIPT.format(paths=", ".join(json.dumps(u) for u in urls)))
    database = "PostgreSQL" if args.postgres else "SQLite"
    size = f"{args.grow + 1}× the shipped content" if args.grow else "the shipped content"
    print(
        f"{database}, {size}: {len(urls)} pages; gunicorn 3 workers × 4 threads; "
        f"wrk {args.connections} connections, {args.seconds} s a run; code {args.code}",
        flush=True,
    )
    if args.code == str(ROOT):
        with serving.gunicorn(env) as port:
            results = measure(args, env, port, urls, script)
    else:
        process, port = serve_other(args, env)
        try:
            results = measure(args, env, port, urls, script)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=40)
    report(results)


def serve_other(args, env):
    """gunicorn from another checkout (its .venv), on a free port."""
    port = serving.free_port()
    process = subprocess.Popen(
        [
            str(Path(args.code) / ".venv" / "bin" / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=args.code,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    serving.wait_until_up(port)
    return process, port


def measure(args, env, port, urls, script):
    warm(port, urls)
    quiet = wrk(port, script, args.seconds, args.connections)
    saver = subprocess.Popen(
        [python_of(args.code), "-c", SAVER.format(interval=args.interval)],
        cwd=args.code,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    busy = wrk(port, script, args.seconds, args.connections)
    saver.send_signal(signal.SIGTERM)
    saves = json.loads(saver.communicate(timeout=60)[0])
    return quiet, busy, saves


def report(results):
    quiet, busy, saves = results
    print(f"{'':24} {'req/s':>8} {'p99 ms':>8} {'hits':>6} {'not 2xx':>8}")
    for name, run in (("no save", quiet), ("one save a second", busy)):
        print(
            f"{name:24} {run['rate']:8.0f} {run['p99']:8.1f} {run['hits']:6.0%} {run['errors']:8d}"
        )
    print(f"ratio of req/s with saves to without: {busy['rate'] / quiet['rate']:.2f}")
    posts, forms = saves["posts"], saves["forms"]
    print(
        f"saves: {len(posts)}; the POST: median {statistics.median(posts) * 1000:.0f} ms, "
        f"max {max(posts) * 1000:.0f} ms; the form's GET before it: median "
        f"{statistics.median(forms) * 1000:.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
