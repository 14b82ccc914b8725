"""gunicorn's settings for CollabKB (`make serve`; docs/deployment.md).

gunicorn reads this file from the folder it starts in. Threaded workers
(gthread): each of WEB_CONCURRENCY processes answers with GUNICORN_THREADS
threads, and idle kept-alive connections wait in the worker's poller, not in
a thread. A client that sends its request slowly holds one thread, not a
whole worker as with the sync workers, so a few slow clients leave the
others answered. Many slow clients are the buffering proxy's job: put nginx
in front (docs/deployment.md), which hands gunicorn whole requests only.

Every setting can be given on the command line too, which wins.
"""

import os


def _whole(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "collabkb.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _whole("WEB_CONCURRENCY", 3)
threads = _whole("GUNICORN_THREADS", 4)
# A worker that answers nothing for this long (a request stuck in the
# application) is restarted; a slow client does not count.
timeout = _whole("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Seconds an idle connection is kept for its next request (behind nginx,
# nginx's upstream connections; without it, browsers').
keepalive = _whole("GUNICORN_KEEPALIVE", 5)
# The access log is the proxy's; errors go to standard error.
errorlog = "-"
# Recent gunicorns open a control socket at one path per user: two gunicorns of
# one user (a benchmark beside the site) would take it from each other, and
# nothing here uses it. Older versions ignore the setting.
control_socket_disable = True
