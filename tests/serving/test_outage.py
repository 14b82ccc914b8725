"""Outages are answered (503, Retry-After, in the layout) and the site recovers by itself.

Against the real PostgreSQL: connections to the test database are blocked
and the open ones ended, then allowed again. SQLite cannot be taken away
from a running process, so there these tests skip.
"""

import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import psycopg
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("The outage tests need PostgreSQL: set DATABASE_URL=postgres://… (CI does).")
    settings = connection.settings_dict
    admin = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    yield admin, settings["NAME"]
    admin.execute(f'ALTER DATABASE "{settings["NAME"]}" ALLOW_CONNECTIONS true')
    admin.close()


def end_connections(admin, name):
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )


def test_a_database_out_of_reach_gives_a_503_page_and_the_site_recovers(postgres):
    admin, name = postgres
    f.make_challenge(title="Still here")
    client = Client(raise_request_exception=False)
    assert client.get("/healthz").status_code == 200
    connection.close()
    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    end_connections(admin, name)

    page = client.get("/challenges/")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    text = page.content.decode()
    assert "CollabKB is unavailable for a moment" in text
    assert 'class="site-header"' in text  # the site's layout
    assert "Traceback" not in text and "OperationalError" not in text
    health = client.get("/healthz")
    assert (health.status_code, health["Retry-After"]) == (503, "30")

    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert client.get("/healthz").status_code == 200
    assert "Still here" in client.get("/challenges/").content.decode()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def one_worker():
    """A single-threaded server, like one gunicorn worker: its connection persists."""
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)

    def serve():
        server.serve_forever()
        connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_after_a_database_restart_a_persistent_connection_recovers(postgres, one_worker):
    admin, name = postgres
    f.make_challenge(title="Still here")
    connection.settings_dict["CONN_MAX_AGE"] = 60  # kept across requests, as in production
    try:
        assert fetch(one_worker + "/challenges/")[0] == 200
        end_connections(admin, name)  # what a restart does to open connections
        status, text = fetch(one_worker + "/challenges/")
        assert status == 200
        assert "Still here" in text
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()  # this thread's connection was ended too
