"""First start: from `git clone` to the first page that `make run` serves.

Usage:

    .venv/bin/python bench/first_start.py [--runs 3] [--rev HEAD] [--vs REV]

Each run clones this repository, checks out ``--rev`` (its HEAD by default),
in a new temporary folder and times, one after another, the steps `make run` takes there: the
clone, `make install` (the venv and the site's dependencies), `make load`
(migrate and load the knowledge base) and `make run` up to the first 200
answer from http://127.0.0.1:PORT/. pip's cache is the machine's, as it is
(the first run warms it). Prints each run's seconds per step and in all.
With ``--vs REV``, each run also starts REV right after, so that the two
are compared pair by pair on a machine whose speed drifts.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("clone", "install", "load", "serve")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_page(folder, port, timeout=120):
    """Seconds from `make run` to the first 200 from its home page."""
    start = time.perf_counter()
    server = subprocess.Popen(
        ["make", "run", f"HOST=127.0.0.1:{port}"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # runserver's reloader is a child: stop the group
    )
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"no page after {timeout} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def run_once(rev):
    with tempfile.TemporaryDirectory(prefix="collabkb-first-start-") as parent:
        folder = Path(parent) / "collabkb"
        start = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
        subprocess.run(["git", "checkout", "--quiet", rev], cwd=folder, check=True)
        seconds = {"clone": time.perf_counter() - start}
        seconds["install"] = timed(["make", "install"], folder)
        seconds["load"] = timed(["make", "load"], folder)
        seconds["serve"] = first_page(folder, free_port())
        return seconds


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
