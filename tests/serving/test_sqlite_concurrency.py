"""The embedded database holds a writer among readers (SQLite in WAL mode)."""

import sys

import pytest
from django.db import connection

from tests.processes import manage

# A reader holds a read transaction open (as a long page render does) while a
# writer saves records the way the admin does, a transaction per save. In WAL
# mode the saves go through while the reader still reads; in SQLite's default
# mode each save waits for the reader (and fails with "database is locked"
# once the wait passes the busy timeout).
pytestmark = pytest.mark.slow


A_READER_AND_A_WRITER = """
import threading, time
import django
django.setup()
from django.db import connection, transaction
from challenges.models import Challenge

reading = threading.Event()
events = []

def read():
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        list(Challenge.objects.values_list("title", "summary"))
        reading.set()
        time.sleep(3)
        list(Challenge.objects.values_list("title", "summary"))
        cursor.execute("COMMIT")
    events.append("reader committed")
    connection.close()

reader = threading.Thread(target=read)
reader.start()
reading.wait()
saved = 0
try:
    for n in range(5):
        with transaction.atomic():
            record = Challenge.objects.order_by("pk")[n]
            record.summary = f"Saved {n} while another reads."
            record.save()
        saved += 1
    events.append(f"writer saved {saved}")
except Exception as error:
    events.append(f"writer failed: {error!r}")
reader.join()
print("journal", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
print(events)
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
def test_it_saves_while_readers_read(tmp_path):
    database = tmp_path / "busy.sqlite3"
    manage("load_content", "--migrate", database=database)
    out = manage(database=database, command=[sys.executable, "-c", A_READER_AND_A_WRITER])
    assert "journal wal" in out
    assert "['writer saved 5', 'reader committed']" in out
