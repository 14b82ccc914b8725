"""Rate limits per address: sign-in POSTs refused before any password is
checked, expensive reads answered 429 with Retry-After, cached pages never
limited; and long searches cut with a message.

Run on the test cache (memory) and on Redis (REDIS_URL).
"""

import logging
import time

import pytest
from django.test import Client

from collabkb.web import cachefaults, ratelimit
from tests.serving.test_settings import PRODUCTION, run_shell

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
_DOWN_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
}
DOWN_CACHE = {"default": _DOWN_REDIS, "state": _DOWN_REDIS}


class CountingBackend:
    """An authentication backend that only counts the attempts it sees."""

    calls = 0

    def authenticate(self, request, **credentials):
        CountingBackend.calls += 1
        return None

    def get_user(self, user_id):
        return None


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Windows of an hour, and a test never starts at the end of one: the
    counts a test makes all fall in one window."""
    monkeypatch.setattr(ratelimit, "WINDOW", 3600)
    left = 3600 - time.time() % 3600
    if left < 30:
        time.sleep(left + 0.1)


@pytest.fixture
def attempts(settings):
    settings.AUTHENTICATION_BACKENDS = [
        "tests.serving.test_limits.CountingBackend",
        *settings.AUTHENTICATION_BACKENDS,
    ]
    settings.SIGNIN_POSTS_PER_MINUTE = 3
    CountingBackend.calls = 0
    return CountingBackend


def sign_in(client, n):
    return client.post(LOGIN, {"username": f"sprayed-{n}", "password": "wrong password"})


def assert_limited(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert b"<h1>Too many requests</h1>" in response.content
    assert b'<header class="site-header">' in response.content  # the site's layout


def test_it_refuses_signin_posts_over_the_limit_before_any_password_is_checked(attempts):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert sign_in(client, n).status_code == 200  # the form again, with its error
    assert attempts.calls == 3
    for n in range(3, 6):
        assert_limited(sign_in(client, n))
    assert attempts.calls == 3
    assert b"too many attempts to sign in" in sign_in(client, 9).content


def test_it_limits_each_address_on_its_own_behind_the_proxy(attempts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"  # every request arrives from the proxy
    one = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    for n in range(3):
        sign_in(one, n)
    assert_limited(sign_in(one, 3))
    assert sign_in(other, 4).status_code == 200
    assert attempts.calls == 4


def test_it_limits_guesses_at_one_username_from_many_addresses(attempts, settings):
    settings.SIGNIN_POSTS_PER_MINUTE = 100
    settings.SIGNIN_POSTS_PER_USERNAME_PER_MINUTE = 3

    def guess(n, username="Editor"):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        return client.post(LOGIN, {"username": username, "password": f"guess {n}"})

    for n in range(3):
        assert guess(n).status_code == 200
    assert_limited(guess(3))
    assert_limited(guess(4, username=" editor "))  # the same account, spelt otherwise
    assert attempts.calls == 3
    assert guess(5, username="someone-else").status_code == 200


def test_it_never_limits_showing_the_signin_form(attempts):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for n in range(3):
        sign_in(client, n)
    for _ in range(5):
        assert client.get(LOGIN).status_code == 200


def test_it_counts_signin_posts_per_worker_when_the_cache_is_down(attempts, settings):
    settings.CACHES = DOWN_CACHE
    ratelimit._memory.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        assert sign_in(client, n).status_code == 200  # signing in still works
    assert_limited(sign_in(client, 3))
    assert attempts.calls == 3


def test_it_lets_reads_through_when_the_cache_is_down(settings, rf):
    settings.CACHES = DOWN_CACHE
    request = rf.get("/search/?q=trust", REMOTE_ADDR="203.0.113.10")
    assert [ratelimit.over_limit(request, "read", 1) for _ in range(3)] == [0, 0, 0]


def search(client, words):
    return client.get("/search/", {"q": words})


def test_it_answers_429_with_retry_after_to_too_many_searches(settings):
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 2
    client = Client(REMOTE_ADDR="203.0.113.11")
    assert search(client, "trust").status_code == 200
    assert search(client, "budget").status_code == 200
    assert_limited(search(client, "vision"))
    other = Client(REMOTE_ADDR="203.0.113.12")
    assert search(other, "vision").status_code == 200


def test_it_never_limits_a_page_the_page_cache_serves(settings):
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 1
    client = Client(REMOTE_ADDR="203.0.113.13")
    assert search(client, "trust")["X-Page-Cache"] == "miss"
    for _ in range(5):
        response = search(client, "trust")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"
    assert_limited(search(client, "budget"))


@pytest.mark.parametrize(
    "url, other",
    [
        ("/plan/?sector=public", "/plan/?sector=academic"),
        ("/compare/?kind=cases&slug=a", "/compare/?kind=cases&slug=b"),
        ("/map/?tag=trust", "/map/?tag=data"),
        ("/challenges/?page=2", "/challenges/?page=3"),
        ("/cases/?format=csv", "/cases/?format=csv&sort=title"),
        ("/challenges/?format=json", "/challenges/?format=json&page=2"),
        # Any value a stranger may vary on any page: a sort, a filter, a list id.
        ("/challenges/?sort=x1", "/challenges/?sort=x2"),
        ("/cases/?country=Nowhere-1", "/cases/?country=Nowhere-2"),
        ("/organisations/?sort=x1", "/organisations/?sort=x2"),
    ],
)
def test_it_limits_every_expensive_request(settings, url, other):
    # Two addresses the page cache keeps apart (it ignores parameters a page
    # does not read, so those would be served from it, never limited).
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 1
    client = Client(REMOTE_ADDR="203.0.113.14")
    assert client.get(url).status_code == 200
    assert_limited(client.get(other))


def test_it_leaves_plain_pages_and_the_switched_off_limit_alone(settings):
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 1
    client = Client(REMOTE_ADDR="203.0.113.15")
    for url in ["/search/", "/plan/", "/compare/", "/map/", "/cases/", "/sitemap.xml"]:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 0
    for n in range(5):
        assert search(client, f"word{n}").status_code == 200


@pytest.mark.parametrize(
    "text",
    [" ".join(f"w{n}" for n in range(13)), " ".join(f"{n}" * 60 for n in range(9))],
    ids=["13 words", "over 500 characters"],
)
def test_it_says_when_a_long_search_was_cut(text):
    response = search(Client(), text)
    assert response.status_code == 200
    assert "only its first 12 words" in response.content.decode()
    assert "only its first" not in search(Client(), "trust budget").content.decode()


def test_it_limits_a_production_site_by_default_and_reads_the_limits_from_the_environment():
    script = (
        "from django.conf import settings; "
        "print(settings.SIGNIN_POSTS_PER_MINUTE, settings.EXPENSIVE_REQUESTS_PER_MINUTE)"
    )
    for env in ({}, {"SIGNIN_POSTS_PER_MINUTE": "", "EXPENSIVE_REQUESTS_PER_MINUTE": " "}):
        result = run_shell(script, **PRODUCTION, **env)
        assert result.stdout.split() == ["10", "60"], result.stderr
    result = run_shell(
        script, **PRODUCTION, SIGNIN_POSTS_PER_MINUTE="3", EXPENSIVE_REQUESTS_PER_MINUTE="0"
    )
    assert result.stdout.split() == ["3", "0"], result.stderr
    result = run_shell(script, **PRODUCTION, SIGNIN_POSTS_PER_MINUTE="ten")
    assert "SIGNIN_POSTS_PER_MINUTE must be a whole number" in result.stderr


def test_it_says_when_a_plan_asked_for_more_values_than_it_reads():
    response = Client().get("/plan/", {"country": [f"Country {n}" for n in range(60)]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "A plan reads at most 50 “country” values: the rest are left out." in text
    assert "at most 50" not in Client().get("/plan/", {"country": "France"}).content.decode()


def test_it_serves_the_sitemap_from_the_page_cache():
    assert Client().get("/sitemap.xml")["X-Page-Cache"] == "miss"
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_it_logs_once_that_the_cache_is_down_and_once_that_it_is_back(settings, rf, monkeypatch):
    monkeypatch.setattr(ratelimit, "_cache_failing", False)  # as a worker starts
    logged = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage()[:40])
    ratelimit.log.addHandler(handler)
    try:
        working = settings.CACHES
        request = rf.get("/search/?q=trust", REMOTE_ADDR="203.0.113.16")
        settings.CACHES = DOWN_CACHE
        for _ in range(3):
            ratelimit.over_limit(request, "read", 5)
        settings.CACHES = working
        monkeypatch.setattr(cachefaults, "_retry_at", 0.0)  # a second later: time to try again
        for _ in range(3):
            ratelimit.over_limit(request, "read", 5)
    finally:
        ratelimit.log.removeHandler(handler)
    assert logged == [
        "Rate limits: the cache does not answer; ",
        "Rate limits: the cache answers again; co",
    ]


def test_it_does_not_limit_signed_in_staff(settings, django_user_model):
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 1
    editor = django_user_model.objects.create_user("limits-editor", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.17")
    client.force_login(editor)
    for n in range(3):
        assert client.get(f"/challenges/?sort=x{n}").status_code == 200
