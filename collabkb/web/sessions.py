"""Database sessions whose keys say they were made here.

A session key is 24 random characters followed by 16 of an HMAC of them under
SECRET_KEY. The page cache (collabkb/web/pagecache.py) serves a reader whatever
cookies they send, and only a signed-in staff member's session bypasses it:
with signed keys it tells a made-up session cookie from a real one without a
query, so a stranger's cookie costs what a plain cached page costs. Sessions
made before keys were signed are treated as made up: their holders sign in
again.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from collabkb import prepared

RANDOM_LENGTH = 24
MAC_LENGTH = 16
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_SALT = "collabkb.web.sessions"


def _mac(random_part):
    return salted_hmac(_SALT, random_part, algorithm="sha256").hexdigest()[:MAC_LENGTH]


def signed_key():
    random_part = get_random_string(RANDOM_LENGTH, _ALPHABET)
    return random_part + _mac(random_part)


def is_signed(key):
    """Whether ``key`` is a session key this site made (no query)."""
    if not isinstance(key, str) or len(key) != RANDOM_LENGTH + MAC_LENGTH:
        return False
    return constant_time_compare(key[RANDOM_LENGTH:], _mac(key[:RANDOM_LENGTH]))


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        """The session's row if it has not expired (a prepared query: a
        curator's every request reads it), else None."""
        rows = prepared.records(self.model, _session_query, (self.session_key,), (self.model,))
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None

    def _get_new_session_key(self):
        while True:
            key = signed_key()
            if not self.exists(key):
                return key


def _session_query(model, key):
    return model.objects.filter(session_key=key)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, but a staff member's session that the page cache has read
    already (to let them by) is used, not read again."""

    def process_request(self, request):
        store = getattr(request, "staff_session", None)
        if store is None:
            super().process_request(request)
        else:
            request.session = store
