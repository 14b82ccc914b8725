"""Content-Security-Policy on every response, and Markdown that loads nothing from elsewhere."""

import pytest
from django.test import Client, override_settings

from collabkb.text.rendering import render
from tests import factories as f
from tests.serving.test_settings import PRODUCTION, run_shell

pytestmark = pytest.mark.django_db

DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
]


@pytest.mark.parametrize(
    "url",
    ["/", "/challenges/", "/challenges/?format=csv", "/search/?q=x", "/nowhere/", "/admin/login/"],
)
def test_every_response_carries_the_content_security_policy(client, url):
    f.make_linked_set()
    policy = client.get(url)["Content-Security-Policy"]
    for directive in DIRECTIVES:
        assert directive in policy, (url, directive)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_policy_can_be_switched_to_report_only():
    script = (
        "from django.test import Client\n"
        "response = Client().get('/healthz', secure=True)\n"
        "print(sorted(h for h in response.headers if 'security-policy' in h.lower()))\n"
    )
    result = run_shell(
        script, **{**PRODUCTION, "ALLOWED_HOSTS": "testserver", "CSP_REPORT_ONLY": "1"}
    )
    assert result.stdout.strip() == "['Content-Security-Policy-Report-Only']", result.stderr


@pytest.mark.parametrize(
    "src",
    ["https://tracker.example/pixel.gif", "http://x.example/a.png", "//x.example/a.png", "data:,"],
)
def test_an_image_from_another_host_becomes_a_plain_link(src):
    html = render(f"See ![the chart]({src}).")
    assert "<img" not in html
    assert f'<a href="{src}"' in html or "<a" in html
    assert "the chart" in html


def test_an_image_of_this_site_stays_and_scripts_never_run():
    html = render("![logo](/static/favicon.svg)\n\n<script>alert(1)</script>")
    assert '<img alt="logo" src="/static/favicon.svg">' in html
    assert "<script" not in html


def test_a_record_page_shows_a_foreign_image_as_a_link(client):
    record = f.make_challenge(body="A chart: ![spend](https://tracker.example/p.gif)")
    text = client.get(record.get_absolute_url()).content.decode()
    assert "tracker.example" in text and 'src="https://tracker.example' not in text


OFF = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def test_every_response_turns_off_powerful_browser_features(client):
    f.make_linked_set()
    first, cached = client.get("/challenges/"), client.get("/challenges/")
    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    # Whitenoise answers a static file before any view (from the finders here:
    # tests run no collectstatic).
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        static = Client().get("/static/favicon.svg")
    assert static.status_code == 200 and static["Content-Type"] == "image/svg+xml"
    for response in (first, cached, static, client.get("/admin/login/"), client.get("/nowhere/")):
        policy = response["Permissions-Policy"]
        assert all(feature in policy for feature in OFF), policy
