"""Nothing unpublished reaches a reader, on any page or download.

A draft of every kind carries a string found nowhere else: in its title, its
body, a quotation of a place only it cites, a tag only it has, a series and a
place only it uses. An anonymous crawl of the site (every link from the home
page, each list and record as CSV and JSON, the search and its downloads, and
the drafts' own addresses) must not find it; once the drafts are published,
the same crawl must.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlencode

import pytest

from cases.models import Participation
from collabkb.models import Status
from tests import factories as f
from tests.responses import body

pytestmark = pytest.mark.django_db

SECRET = "Quillonexa"
HREF_RE = re.compile(r'href="(/[^"]*)"')
LIMIT = 600


def make_drafts():
    base = f.make_linked_set()
    quoted = f.make_citation(
        base["report"], locator="Table 99", quotation=f"Words of {SECRET} in a table."
    )
    moment = f.make_citation(
        base["video"], timestamp_label="44:44:00", second=2684, quotation=f"{SECRET} said so."
    )
    tag = f"hidden {SECRET}"
    draft = {"status": Status.DRAFT, "citations": [quoted, moment], "tags": [tag]}
    challenge = f.make_challenge(
        title=f"{SECRET} barrier", slug="draft-barrier", body=f"All about {SECRET}.", **draft
    )
    series = f.make_series(title=f"{SECRET} steps", slug="draft-steps")
    practice = f.make_practice(
        title=f"{SECRET} step one",
        slug="draft-step",
        series=series,
        number=1,
        addresses=[challenge],
        **draft,
    )
    organisation = f.make_organisation(
        title=f"{SECRET} Institute", slug="draft-institute", country=f"{SECRET}land", **draft
    )
    # A draft organisation taking part in a published case stays hidden there.
    Participation.objects.create(case=base["case"], organisation=organisation, role="host")
    case = f.make_case(title=f"{SECRET} programme", slug="draft-programme", **draft)
    case.places.add(f.make_place(name=f"{SECRET} City", slug="draft-city"))
    case.exemplifies.add(practice)
    return {
        "records": [challenge, practice, organisation, case],
        "seeds": [
            challenge.get_absolute_url(),
            practice.get_absolute_url(),
            organisation.get_absolute_url(),
            case.get_absolute_url(),
            series.get_absolute_url(),
            f"/tags/{challenge.tags.get().slug}/",
            quoted.get_absolute_url(),
            moment.get_absolute_url(),
            "/search/?" + urlencode({"q": SECRET}),
            "/search/?" + urlencode({"q": f"{SECRET} tag"}),
        ],
    }


def downloads(url):
    joiner = "&" if "?" in url else "?"
    return [f"{url}{joiner}format=csv", f"{url}{joiner}format=json"]


def without_the_query(url, text):
    """The page less what the reader typed: a search page may say what it looked
    for, and suggest searching each typed word alone."""
    if "q=" not in url:
        return text
    typed = [SECRET, f"{SECRET} tag"]
    for words in sorted(typed, key=len, reverse=True):
        text = text.replace(words, "")
    return re.sub(r'<ul class="suggestions">.*?</ul>', "", text, flags=re.DOTALL)


def crawl(client, seeds):
    """{url: (status, text)} of every page reached from the home page and the seeds."""
    queue = deque(["/", *seeds])
    for seed in seeds:
        queue.extend(downloads(seed))
    seen = {}
    while queue and len(seen) < LIMIT:
        url = urldefrag(queue.popleft())[0]
        if url in seen or url.startswith(("/admin/", "/static/")):
            continue
        response = client.get(url)
        text = without_the_query(url, body(response).decode("utf-8", "replace"))
        seen[url] = (response.status_code, text)
        if response.status_code != 200 or "format=" in url:
            continue
        for link in HREF_RE.findall(text):
            link = link.replace("&amp;", "&")
            queue.append(link)
            if "format=" not in link and "page=" not in link:
                queue.extend(downloads(link))
    assert len(seen) < LIMIT, "the crawl did not finish"
    return seen


def test_an_anonymous_reader_finds_no_trace_of_a_draft_anywhere(client):
    drafts = make_drafts()
    pages = crawl(client, drafts["seeds"])
    assert len(pages) > 60
    assert all(status in (200, 404) for status, _ in pages.values()), {
        url: status for url, (status, _) in pages.items() if status not in (200, 404)
    }
    found = [url for url, (_, text) in pages.items() if SECRET.lower() in text.lower()]
    assert found == []
    for seed in drafts["seeds"][:6]:
        assert pages[seed][0] == 404, seed


def test_once_published_the_same_crawl_finds_it_everywhere_it_belongs(client):
    drafts = make_drafts()
    for record in drafts["records"]:
        record.status = Status.PUBLISHED
        record.save()
    pages = crawl(client, drafts["seeds"])
    found = {url for url, (_, text) in pages.items() if SECRET.lower() in text.lower()}
    for seed in drafts["seeds"]:
        assert urldefrag(seed)[0] in found, seed
    assert "/tags/" in found
    assert "/" in found  # the home page's most-cited lists
    assert any(url.startswith("/challenges/?") and "format=csv" in url for url in found)
