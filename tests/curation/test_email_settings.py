"""E-mail settings from the environment: EMAIL_URL or the usual variables."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from collabkb.emailurl import from_environment

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_it_prints_messages_when_nothing_is_set():
    assert from_environment({}) == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_it_reads_an_smtp_url_with_starttls():
    settings = from_environment(
        {"EMAIL_URL": "smtp://kb%40example.org:p%3Ass@mail.example.org:587?tls=1"}
    )
    assert settings == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "kb@example.org",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


def test_smtps_means_tls_from_the_start_on_port_465():
    settings = from_environment({"EMAIL_URL": "smtps://u:p@mail.example.org?timeout=30"})
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    assert settings["EMAIL_TIMEOUT"] == 30


def test_the_usual_variables_choose_smtp_when_there_is_no_url():
    settings = from_environment(
        {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true"}
    )
    assert (settings["EMAIL_BACKEND"], settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"]) == (
        SMTP,
        2525,
        True,
    )


@pytest.mark.parametrize(
    "url, says",
    [
        ("mailto:kb@example.org", "EMAIL_URL must start with one of"),
        ("smtp://", "names no host"),
        ("smtp://host:99999", "port must be a number"),
        ("smtp://host?tsl=1", "unknown option tsl"),
        ("smtp://host?tls=1&ssl=1", "not both"),
        ("smtp://host?tls=maybe", "must be 1 or 0"),
    ],
)
def test_a_bad_url_is_refused_with_a_message(url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        from_environment({"EMAIL_URL": url})
