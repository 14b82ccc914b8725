"""A production-like site for a benchmark: its own SQLite file and cache folder
in a temporary folder, the shipped knowledge base, and gunicorn on loopback."""

import contextlib
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(folder, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collabkb.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k7Vq2xN9pL4mR8sT1wY6zB3cF5hJ0dG-aE_uI7oP2nQ9rS4tU8vW1x",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        **extra,
    }


def prepare(**extra):
    """A temporary folder with a loaded database; returns (folder, environment)."""
    folder = Path(tempfile.mkdtemp(prefix="collabkb-bench-"))
    env = environment(folder, **extra)
    manage = [str(BIN / "python"), "manage.py"]
    for command in (["load_content", "--migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return folder, env


def wait_until_up(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


@contextlib.contextmanager
def gunicorn(env, *arguments):
    """gunicorn with ``arguments`` (after the config file) on a free port; yields
    the port. Its log goes to gunicorn.log in the bench's folder."""
    port = free_port()
    log = open(Path(env["CACHE_DIR"]).parent / "gunicorn.log", "a")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            *arguments,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=log,
    )
    try:
        wait_until_up(port)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=40)
        log.close()


def timed_get(port, path, timeout=10.0, headers=None):
    """(status or 'timeout', seconds) of one GET on a new connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        status = response.status
    except (TimeoutError, OSError):
        status = "timeout"
    finally:
        connection.close()
    return status, time.perf_counter() - start


def summary(samples):
    """'median … ms, p95 … ms, max … ms' of (status, seconds) samples, and the failures."""
    times = sorted(seconds * 1000 for _, seconds in samples)
    failed = sum(1 for status, _ in samples if status != 200)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (
        f"median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   "
        f"max {times[-1]:7.1f} ms   not 200: {failed}/{len(samples)}"
    )
