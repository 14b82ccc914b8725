"""The client's address, with and without trusted proxies in front."""

import pytest
from django.test import RequestFactory, override_settings

from collabkb.web.client import client_address

rf = RequestFactory()


def _request(forwarded=None, remote="10.0.0.1"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return rf.get("/", REMOTE_ADDR=remote, **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_it_ignores_x_forwarded_for_without_a_trusted_proxy():
    assert client_address(_request("203.0.113.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    "forwarded, proxies, expected",
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        # A client that writes its own header is not believed: the proxy appended the real one.
        ("1.2.3.4, 203.0.113.9", 1, "203.0.113.9"),
        ("1.2.3.4, 203.0.113.9, 198.51.100.2", 2, "203.0.113.9"),
        # Fewer entries than proxies: the request did not come through them all.
        ("203.0.113.9", 2, "10.0.0.1"),
        ("", 1, "10.0.0.1"),
        ("not-an-address", 1, "10.0.0.1"),
        # IPv6: one subscriber's /64 is one client.
        ("2001:db8::1", 1, "2001:db8::"),
        ("2001:db8::ffff:1234:5678:9abc", 1, "2001:db8::"),
        ("2001:db8:0:1::1", 1, "2001:db8:0:1::"),
    ],
)
def test_it_reads_the_nth_address_from_the_right_behind_n_proxies(forwarded, proxies, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(_request(forwarded)) == expected


def test_axes_reads_the_same_address():
    from axes.helpers import get_client_ip_address

    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert get_client_ip_address(_request("1.2.3.4, 203.0.113.9")) == "203.0.113.9"
