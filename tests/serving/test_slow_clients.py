"""gunicorn as `make serve` runs it (gunicorn.conf.py) answers others while
clients send their requests slowly."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def test_it_answers_while_three_clients_send_their_requests_slowly(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "q8Wz3xR7mK2pL9vN4tB6yC1dF5gH0jS-aE_uI7oP2nQ9rS4tU8vW1x",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "WEB_CONCURRENCY": "1",  # one process: only its threads stand between
    }
    environment.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environment,
        stderr=subprocess.DEVNULL,
    )
    slow = []
    try:
        wait_until_up(port)
        for _ in range(3):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag")
            slow.append(client)  # and never finishes its headers
        time.sleep(0.5)
        start = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5) as answer:
            assert answer.status == 200
        assert time.monotonic() - start < 3
    finally:
        for client in slow:
            client.close()
        server.terminate()
        server.wait(timeout=30)
