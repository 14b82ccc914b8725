"""No input gives a server error: every URL pattern with hostile segments and queries.

Runs on whichever database the suite runs on (CI: SQLite and PostgreSQL),
a few thousand requests each time.
"""

import re
from itertools import product
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = [
    "%00",
    "a%00b",
    "%01%1f%7f",
    "%0d%0aSet-Cookie:x=1",
    "%ff%fe",
    "x" * 10_000,
    "99999999999999999999999",
    "-1",
    "..%2f..%2fetc",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20OR%201=1--",
    quote("ünïcødé 🙂"),
]
QUERIES = [
    "",
    "?q=%00",
    "?q=" + "w" * 10_000,
    "?q=%22unclosed&page=%00",
    "?page=-1",
    "?page=99999999999999999999",
    "?page=x&page=2",
    "?sort=%00",
    "?sort=a&sort=b",
    "?format=csv",
    "?format=json",
    "?format=xml",
    "?format=%00",
    "?tag=%00&source=%01&kind=%7f",
    "?dimension=" + "d" * 10_000,
    "?level=a&level=b&country=%00&sector=%ff",
    "?series=%00&format=csv",
    "?unknown=1&q=trust&kind=practice&kind=case",
    "?q=trust&format=json&page=%00",
    "?" + "&".join(f"p{i}=v" for i in range(300)),
]
PLACEHOLDER = re.compile(r"<(?:\w+:)?\w+>")


def patterns(resolver=None, prefix=""):
    """Every public URL pattern of the site, as a template with {} for each part."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + PLACEHOLDER.sub("{}", route.lstrip("^").rstrip("$"))


def urls(real):
    for template in sorted(set(patterns())):
        slots = template.count("{}")
        if not slots:
            yield template
            continue
        fillings = [list(HOSTILE) + real] * slots
        for values in product(*fillings):
            if all(v in real for v in values) and slots > 1:
                continue
            yield template.format(*values)


def test_no_request_gets_a_server_error():
    linked = f.make_linked_set()
    real = [
        linked["challenge"].slug,
        linked["practice"].slug,
        linked["video"].slug,
        linked["series"].slug,
        "trust",
        "1653",  # the linked set's video moment, 27:33
    ]
    client = Client(raise_request_exception=False)
    failures = {}
    count = 0
    for url, query in product(urls(real), QUERIES):
        response = client.get(url + query)
        count += 1
        if response.status_code >= 500:
            failures[url[:80] + query[:80]] = response.status_code
    assert count >= 3000
    assert failures == {}


def test_every_pattern_of_the_site_is_fuzzed():
    templates = set(patterns())
    assert {"/tags/{}/", "/sources/{}/t/{}/", "/series/{}/", "/organisations/{}/"} <= templates
    assert "/search/" in templates and "/" in templates


def test_a_long_search_is_cut_to_the_documented_length_not_refused(client):
    response = client.get("/search/", {"q": "trust " * 2000})
    assert response.status_code == 200
    assert response.context["q"] == ("trust " * 2000)[:500]
