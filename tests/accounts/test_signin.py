"""Sign-in lockouts: per address, stored in the database, read behind a proxy."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a long right password"


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser("curator", "c@example.org", PASSWORD)


def sign_in(client, username, password, address="203.0.113.5", **headers):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers).status_code


def test_it_locks_out_an_address_after_five_failures_and_says_for_how_long(client, curator):
    statuses = [sign_in(client, "curator", "wrong") for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    response = client.post(
        reverse("admin:login"),
        {"username": "curator", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-ins" in text and "after 5 failed attempts" in text
    assert "Try again in 15 minutes" in text


def test_it_locks_an_address_that_sprays_many_usernames(client, curator):
    statuses = [sign_in(client, f"user{n}", "Winter2026!") for n in range(40) for _ in range(4)]
    assert 429 in statuses[:5] and statuses[4:] == [429] * (160 - 4)
    # Every account is then refused from that address, the right password too.
    assert sign_in(client, "curator", PASSWORD) == 429
    assert sign_in(client, "curator", PASSWORD, address="198.51.100.20") == 302


def test_it_never_locks_a_person_out_from_everywhere(client, curator):
    for n in range(10):
        for _ in range(5):
            sign_in(client, "curator", "wrong", address=f"192.0.2.{n}")
    assert sign_in(client, "curator", "wrong", address="192.0.2.0") == 429
    assert sign_in(client, "curator", PASSWORD, address="198.51.100.20") == 302


def test_a_sign_in_does_not_wipe_the_failures_of_its_address(client, curator, django_user_model):
    django_user_model.objects.create_user(
        "mallory", "m@example.org", "mallory's own password", is_staff=True
    )
    statuses = [sign_in(client, "curator", "guess") for _ in range(4)]
    assert statuses == [200] * 4
    # Mallory's own valid account signs in from the same address: the count stays.
    assert sign_in(client, "mallory", "mallory's own password") == 302
    client.logout()
    assert sign_in(client, "curator", "guess") == 429


def test_the_lockout_survives_a_cleared_or_evicted_cache(client, curator):
    for _ in range(5):
        sign_in(client, "curator", "wrong")
    cache.clear()
    assert sign_in(client, "curator", PASSWORD) == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_is_counted_at_its_own_address(client, curator):
    proxy = "10.0.0.2"

    def through_proxy(client_address, password):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"6.6.6.6, {client_address}"}
        return sign_in(client, "curator", password, address=proxy, **forwarded)

    assert [through_proxy("198.51.100.7", "wrong") for _ in range(5)][-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    assert through_proxy("198.51.100.7", PASSWORD) == 429
    # The real editor behind the same proxy still signs in.
    assert through_proxy("198.51.100.8", PASSWORD) == 302
