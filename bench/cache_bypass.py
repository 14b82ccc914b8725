"""Cache bypass: a cached page's throughput as readers ask for it, and as a
stranger asks for it to get past the page cache.

Usage:

    .venv/bin/python bench/cache_bypass.py [--connections 8] [--seconds 10] [--page /challenges/]

Starts gunicorn as `make serve` does (gunicorn.conf.py, production settings,
the rate limits off so that every request is answered as the cache decides)
and for each way of asking sends requests on ``--connections`` kept-alive
connections for ``--seconds``: plainly; with a made-up session cookie; with
a query string no page reads, new on every request; as HEAD. Prints requests
per second and each one's ratio to the plain GET. Once the page cache serves
all of them alike, the ratios are about 1.
"""

import argparse
import http.client
import itertools
import shutil
import threading
import time

from serving import gunicorn, prepare

WAYS = [
    ("plain GET", "GET", {}, False),
    ("made-up session cookie", "GET", {"Cookie": "sessionid=made-up-by-a-stranger"}, False),
    ("unknown query string, new each time", "GET", {}, True),
    ("HEAD", "HEAD", {}, False),
]


def hammer(port, method, path, headers, unique, stop, counts, numbers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = 0
    while not stop.is_set():
        target = f"{path}?utm_source={next(numbers)}" if unique else path
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            done += 1
    connection.close()
    counts.append(done)


def throughput(port, args, method, headers, unique):
    stop, counts, numbers = threading.Event(), [], itertools.count()
    threads = [
        threading.Thread(
            target=hammer, args=(port, method, args.page, headers, unique, stop, counts, numbers)
        )
        for _ in range(args.connections)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--page", default="/challenges/")
    args = parser.parse_args()
    folder, env = prepare(EXPENSIVE_REQUESTS_PER_MINUTE="0")
    with gunicorn(env) as port:
        http.client.HTTPConnection("127.0.0.1", port).request("GET", args.page)  # fills the cache
        time.sleep(1)
        print(f"{args.page}, {args.connections} connections, {args.seconds:.0f} s each")
        plain = None
        for label, method, headers, unique in WAYS:
            rate = throughput(port, args, method, headers, unique)
            plain = plain or rate
            print(f"  {label:38} {rate:7.0f} req/s   × plain {rate / plain:5.2f}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
