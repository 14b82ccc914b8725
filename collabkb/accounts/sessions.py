"""Sessions end after a while without a request, and some hours after sign-in at most.

Only staff sign in. Django's own expiry moves forward whenever the session is
saved, so both limits are kept here from two times stored in the session:
when it was first seen signed in and when it was last used.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

STARTED = "signed_in_at"
LAST_SEEN = "last_seen_at"
# The last-use time is written at most once a minute: not a session write per request.
RESOLUTION = 60


def start(sender, request, user, **kwargs):
    """At sign-in: both times start now (no session write on the next request)."""
    request.session[STARTED] = request.session[LAST_SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_MINUTES or older than SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        started = session.setdefault(STARTED, now)
        last_seen = session.get(LAST_SEEN, now)
        idle = settings.SESSION_IDLE_MINUTES * 60
        if now - last_seen > idle or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, "You were signed out: your session had ended. Sign in again.")
        elif now - last_seen >= RESOLUTION or LAST_SEEN not in session:
            session[LAST_SEEN] = now
