"""Slow clients: how long normal requests take while K clients send theirs slowly.

Usage:

    .venv/bin/python bench/slow_clients.py [--slow 3] [--requests 40] [--nginx]

Starts gunicorn on loopback with production settings and the shipped
knowledge base, twice: once as `make serve` runs it (gunicorn.conf.py:
threaded workers) and once with the sync workers it replaced (three
processes, one request each). For each, times ``--requests`` GETs of the home
page (each on a new connection, as a new reader) before, and then while,
``--slow`` clients each send a request's headers a byte every half second
(never finishing them, for at most ``--seconds``). A request that takes more
than ``--timeout`` seconds counts as failed. With ``--nginx`` (nginx on
PATH), the sync workers are measured a third time behind nginx set up as
docs/deployment.md says (proxy_buffering, client_header_timeout), which
hands gunicorn whole requests only.
"""

import argparse
import contextlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from serving import free_port, gunicorn, prepare, summary, timed_get, wait_until_up

PAGE = "/"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\nAccept: */*\r\n" * 20


def slow_client(port, stop, deadline):
    """Send a request's headers a byte at a time until stopped, the deadline, or refused."""
    with contextlib.suppress(OSError):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for byte in REQUEST:
                if stop.is_set() or time.monotonic() > deadline:
                    return
                sock.sendall(bytes([byte]))
                stop.wait(0.5)


def measure(port, n, timeout):
    return [timed_get(port, PAGE, timeout) for _ in range(n)]


def run(label, port, args):
    timed_get(port, PAGE)  # the page cache fills here
    before = measure(port, args.requests, args.timeout)
    stop = threading.Event()
    deadline = time.monotonic() + args.seconds
    clients = [
        threading.Thread(target=slow_client, args=(port, stop, deadline), daemon=True)
        for _ in range(args.slow)
    ]
    for client in clients:
        client.start()
    time.sleep(1)  # every slow client has connected and sent its first bytes
    during = measure(port, args.requests, args.timeout)
    stop.set()
    for client in clients:
        client.join(timeout=10)
    print(f"\n{label}")
    print(f"  alone:                 {summary(before)}")
    print(f"  with {args.slow:2} slow clients:  {summary(during)}", flush=True)


NGINX = """
daemon off;
worker_processes 1;
error_log {folder}/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream collabkb {{ server 127.0.0.1:{upstream}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        client_header_timeout 10s;
        client_body_timeout 10s;
        send_timeout 30s;
        client_max_body_size 110m;
        location / {{
            proxy_pass http://collabkb;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering on;
            proxy_request_buffering on;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(upstream):
    folder = Path(tempfile.mkdtemp(prefix="collabkb-nginx-"))
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(NGINX.format(folder=folder, upstream=upstream, port=port))
    process = subprocess.Popen([shutil.which("nginx"), "-c", str(config), "-p", str(folder)])
    try:
        wait_until_up(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slow", type=int, default=3, help="slow clients")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0, help="the slow clients' most")
    parser.add_argument("--nginx", action="store_true")
    args = parser.parse_args()
    folder, env = prepare()
    sync = ["--worker-class", "sync", "--workers", "3", "--threads", "1"]
    print(f"home page, {args.requests} requests one after another, each on a new connection")
    with gunicorn(env) as port:
        run("gunicorn.conf.py (make serve): 3 gthread workers of 4 threads", port, args)
    with gunicorn(env, *sync) as port:
        run("sync workers (the former make serve): 3 processes", port, args)
        if args.nginx:
            with nginx(port) as front:
                run("the same sync workers behind nginx (docs/deployment.md)", front, args)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
