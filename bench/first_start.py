"""First start: from `git clone` to the first page that `make run` serves.

Usage:

    .venv/bin/python bench/first_start.py [--runs 3] [--rev HEAD] [--vs REV]

Each run clones this repository in a new temporary folder, checks out
``--rev`` (its HEAD by default), and runs `make run` there once, as a new
user would, until its home page first answers 200. The lines make prints
split that time into steps: install (the venv and the site's dependencies,
up to make's first `manage.py` command), load (migrate and load the
knowledge base, up to "CollabKB is starting") and serve (the server's
start and the first page). pip's and uv's caches are the machine's, as they
are (the first run warms them). Prints each run's seconds per step and in
all. With ``--vs REV``, each run also starts REV right after, so that the
two are compared pair by pair on a machine whose speed drifts.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("clone", "install", "load", "serve")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_page(folder, port, timeout=180):
    """Seconds of each step of `make run`, up to the first 200 from its home page."""
    start = time.perf_counter()
    marks = {}
    server = subprocess.Popen(
        ["make", "run", f"HOST=127.0.0.1:{port}"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # runserver's reloader is a child: stop the group
    )

    def watch():
        for line in server.stdout:
            if "install" not in marks and re.search(r"manage\.py (migrate|load_content)", line):
                marks["install"] = time.perf_counter()
            if "load" not in marks and "CollabKB is starting" in line:
                marks["load"] = time.perf_counter()

    threading.Thread(target=watch, daemon=True).start()
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    if answer.status == 200:
                        end = time.perf_counter()
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit(f"no page after {timeout} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if set(marks) != {"install", "load"}:
        raise SystemExit(f"make run printed no {sorted({'install', 'load'} - set(marks))} mark")
    return {
        "install": marks["install"] - start,
        "load": marks["load"] - marks["install"],
        "serve": end - marks["load"],
    }


def run_once(rev):
    with tempfile.TemporaryDirectory(prefix="collabkb-first-start-") as parent:
        folder = Path(parent) / "collabkb"
        start = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
        subprocess.run(["git", "checkout", "--quiet", rev], cwd=folder, check=True)
        return {"clone": time.perf_counter() - start, **first_page(folder, free_port())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--vs", metavar="REV", help="also start REV after each run")
    args = parser.parse_args()
    revs = [args.rev] + ([args.vs] if args.vs else [])
    print(f"{'rev':>10} {'run':>3} " + " ".join(f"{step:>8}" for step in STEPS) + f" {'in all':>8}")
    totals = {rev: [] for rev in revs}
    for n in range(1, args.runs + 1):
        for rev in revs:
            seconds = run_once(rev)
            totals[rev].append(sum(seconds.values()))
            figures = " ".join(f"{seconds[step]:8.1f}" for step in STEPS)
            print(f"{rev[:10]:>10} {n:>3} {figures} {totals[rev][-1]:8.1f}", flush=True)
    for rev in revs:
        print(
            f"{rev}: median {statistics.median(totals[rev]):.1f} s from git clone to the first page"
        )
    if args.vs:
        ratios = [a / b for a, b in zip(totals[args.rev], totals[args.vs], strict=True)]
        print(f"{args.rev} ÷ {args.vs}, pair by pair: median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    sys.exit(main())
