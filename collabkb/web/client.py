"""The address of the person making a request, read the same way everywhere.

Sign-in lockouts (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and the
rate limits read it from here. With no proxy in front (``TRUSTED_PROXY_COUNT``
0), it is the connection's address. Behind N proxies that each append the
address they received a request from to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``), the client is the N-th entry from the right:
entries further left were written by the client and prove nothing. A header
with fewer entries than proxies (a request that reached the app by another
path) falls back to the connection's address. An IPv6 address is read as its
/64, the block one subscriber holds.
"""

import ipaddress

from django.conf import settings


def _valid(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is None:
        # One subscriber holds a whole /64: counted per address, it would
        # have 2**64 of them. Its first address stands for it.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_address(request):
    """The client's IP address as text, or '' when none can be read."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < proxies:
        return remote
    return _valid(entries[-proxies]) or remote
