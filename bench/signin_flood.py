"""Sign-in flood: a cached page's latency while one address floods the sign-in form.

Usage:

    .venv/bin/python bench/signin_flood.py [--requests 100] [--flooders 2] [--seconds 20]

Starts gunicorn as `make serve` does (gunicorn.conf.py, production settings,
so PBKDF2 hashes each password) twice: with the sign-in limit off
(SIGNIN_POSTS_PER_MINUTE=0) and at its default. Each time, times
``--requests`` GETs of the cached home page alone, then again while
``--flooders`` threads from one address POST wrong passwords to
/admin/login/ as fast as they are answered (a new username each time, as a
password sprayer does, so the lockout per username never starts), with a
valid CSRF token so that each POST reaches the password check unless the
limit answers first. Prints the page's latency and what the flood got.
"""

import argparse
import collections
import http.client
import itertools
import re
import shutil
import threading
import time
from urllib.parse import urlencode

from serving import gunicorn, prepare, summary, timed_get

PAGE = "/"
LOGIN = "/admin/login/"


def csrf(port):
    """(cookie header, form token) from the sign-in page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", LOGIN)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    connection.close()
    return f"csrftoken={cookie}", token


def flood(port, stop, statuses, numbers):
    cookie, token = csrf(port)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    while not stop.is_set():
        form = {
            "csrfmiddlewaretoken": token,
            "username": f"sprayed-{next(numbers)}",
            "password": "not the password",
        }
        try:
            connection.request("POST", LOGIN, urlencode(form), headers)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
        except OSError:
            statuses["error"] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def run(label, env, args):
    with gunicorn(env) as port:
        timed_get(port, PAGE)  # the page cache fills here
        alone = [timed_get(port, PAGE) for _ in range(args.requests)]
        stop, statuses, numbers = threading.Event(), collections.Counter(), itertools.count()
        flooders = [
            threading.Thread(target=flood, args=(port, stop, statuses, numbers), daemon=True)
            for _ in range(args.flooders)
        ]
        start = time.monotonic()
        for flooder in flooders:
            flooder.start()
        time.sleep(2)  # the flood is under way
        during = []
        while len(during) < args.requests or time.monotonic() - start < args.seconds:
            during.append(timed_get(port, PAGE))
            time.sleep(0.05)
        stop.set()
        for flooder in flooders:
            flooder.join(timeout=60)
        elapsed = time.monotonic() - start
    posts = sum(statuses.values())
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str))
    print(f"\n{label}")
    print(f"  page alone:            {summary(alone)}")
    print(f"  page during the flood: {summary(during)}")
    print(f"  the flood: {posts} POSTs in {elapsed:.0f} s ({posts / elapsed:.1f}/s); {answers}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--flooders", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    folder, env = prepare()
    print(
        f"home page (cached), {args.requests} or more GETs, each on a new connection; "
        f"{args.flooders} threads POST to {LOGIN} from the same address"
    )
    off = {**env, "SIGNIN_POSTS_PER_MINUTE": "0"}
    run("sign-in limit off (SIGNIN_POSTS_PER_MINUTE=0)", off, args)
    run("sign-in limit at its default (10 a minute)", env, args)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
