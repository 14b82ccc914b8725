"""Every page type renders in a fixed number of queries, whatever the data size.

Each page is measured with the shipped content, then again after the knowledge
base has grown to ten times its size (new records linked to the ones the pages
show, so the pages themselves grow). The knowledge base grows once for all
the pages, in a transaction that is then rolled back.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.content import REPORT_SLUG, VIDEO_SLUG
from tests.factories import grow_knowledge_base

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

VIDEO = f"/sources/{VIDEO_SLUG}/"
# page -> (url, queries). The comments list the queries.
PAGES = {
    # 5 counts, series count, sources; what the sources emphasise: the most
    # mentioned challenges, each source's challenges in its order (one query
    # a source: 2), their rows, the challenges and the practices stated by
    # more than one source
    "home": ("/", 13),
    # 4 facet counts, paginator count, page of rows, its tags, its levels
    "challenge list": ("/challenges/", 8),
    "challenge list, filtered and sorted": (
        "/challenges/?dimension=leadership&tag=leadership&sort=evidence&page=1",
        8,
    ),
    "challenge list, by level": ("/challenges/?level=individual", 8),
    # 4 facet counts, count, rows (with series), tags
    "practice list": ("/practices/", 7),
    "practice list, filtered": (
        f"/practices/?series=catalyst-project-lessons&source={REPORT_SLUG}",
        7,
    ),
    # 7 facet counts, count, rows, tags, places
    "case list": ("/cases/", 11),
    "case list, filtered": ("/cases/?country=United%20States&sector=public", 11),
    "case list, across borders": ("/cases/?scope=cross-border&sort=evidence", 11),
    "case list, with outcomes": ("/cases/?outcomes=reported&sector=public", 11),
    "case list, across borders as CSV": ("/cases/?scope=cross-border&format=csv", 17),
    # Record pages read one record at a time (collabkb.published), nothing
    # kept between requests. Each: the record, its tags, its citations with
    # their sources, each linked list (its first rows and their count), and
    # its neighbourhood (5: the record's links, each of the 3 kinds' column
    # ranked and cut, the links among what is drawn). Each list of links: + the places stating
    # them (collabkb.published.links). A challenge: + its levels, and 4 lists
    # (the cases through its practices in one, which are no links of its own).
    "challenge": ("/challenges/role-clarity/", 16),
    # practice+series, its previous and next steps, 3 lists
    "practice": ("/practices/dont-forget-role-clarity/", 16),
    # case, its places, examples and participants (with organisations), 3
    # lists; and which organisations take part, the tags its cached page
    # depends on (their names)
    "case": ("/cases/catalyst-project/", 18),
    # organisation, its tags, its citations and its cases; and which cases,
    # the tags its cached page depends on
    "organisation": ("/organisations/university-of-essex/", 5),
    # sources with citation counts
    "sources": ("/sources/", 2),
    # the public sources, the report's first message if it is published
    "about": ("/about/", 2),
    # the public places the glossary's terms come from, with their sources
    "glossary": ("/glossary/", 1),
    # the public source, its public citations (of the place shown), and the
    # published records of every kind citing them (each place's first,
    # counted); a timeline or an outline: its public citations' places, then
    # those shown (each place's first and its first quotations), and each
    # place's first records from the stored rows; a timeline: + how many
    # moments and the seconds of those on the page; one place: + the names of
    # the source's places; a moment: + the moments around it
    "video timeline": (VIDEO, 6),
    "report outline": (f"/sources/{REPORT_SLUG}/", 4),
    "report outline, one place": (f"/sources/{REPORT_SLUG}/?place=table-3", 4),
    "moment": (f"{VIDEO}t/1692/", 4),
    # 4 tag counts by kind, the tags
    "tags": ("/tags/", 5),
    # the tag, a count for each of 4 kinds, the first 20 of each kind that has
    # some (2 here)
    "tag": ("/tags/leadership/", 7),
    # series+source, count, the page of practices, the challenges they address
    "series": ("/series/catalyst-project-lessons/", 4),
    # the series with their published practices counted, and their sources
    "series index": ("/series/", 1),
    # 4 facet counts, count, the page of rows (with their cases counted), tags
    "organisation list": ("/organisations/", 7),
    "organisation list, filtered and sorted": (
        "/organisations/?sector=academic&country=Ireland&sort=cases",
        7,
    ),
    # the counts of all facets (their kinds add up to the total), the ranked
    # page of ids, its documents
    "search": ("/search/?q=trust", 3),
    # the same with the words' neighbouring forms (spanners: spanning)
    "search, word forms": ("/search/?q=boundary+spanners", 3),
    # + one count for each of the 2 facets with a selected value
    "search, filtered": (
        "/search/?q=data&kind=practice&source=catalyst-project-report",
        5,
    ),
    # the empty search page: popular tags
    "search, empty": ("/search/", 1),
    # the list's 4 facet counts, count and page (computed as for the page),
    # then every filtered row with its tags, citations+sources, and links
    # (challenges: levels, addressed by, faced by; cases: places,
    # organisations, exemplifies, faced), each link with its row and the
    # public places stating it (two queries a kind of link)
    "challenge list as CSV": ("/challenges/?dimension=leadership&format=csv", 13),
    "case list as JSON": ("/cases/?format=json", 17),
    # tags, public sources; for each of the 3 kinds its most linked records
    # (ids and count, then their rows); the links among them, one query per
    # kind of link
    "map": ("/map/", 11),
    # filters that no kind meets all of: an empty map
    "map, filtered": (
        "/map/?dimension=leadership&kind=lesson&tag=leadership&source=catalyst-project-report",
        2,
    ),
    # tags, sources; the chosen challenges (ids and count, rows); the
    # practices and the cases linked to them (ids and count, rows); the links
    "map, one filter": ("/map/?dimension=leadership", 11),
    # the cases compared, their places, participations+organisations,
    # exemplifies, faced, citations+sources; the places stating the links of
    # each kind; the (slug, title) of every published case for the selects
    "compare": ("/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab", 9),
    # the practices compared+series, addresses, exemplified by,
    # citations+sources; the places stating each kind's links; the selects'
    "compare practices": (
        "/compare/?kind=practices&slug=dont-forget-role-clarity&slug=designate-clear-roles",
        7,
    ),
    # the stored countries of cases counted, the first cross-border cases
    # (with how many, and how many have an international body), their countries
    "world map": ("/cases/map/", 3),
    # the countries with cases, the challenges offered (each dimension's
    # most linked, counted)
    "plan, the form": ("/plan/", 2),
    # + the challenges found by a word of their title
    "plan, the form finding a challenge": ("/plan/?find=trust", 3),
    # + the challenges asked, the setting (the most alike case's setting
    # likeness, each source's share of cases of the setting), the practice
    # every plan shows, for each of the 2 challenges its best practices
    # (ranked by the database over stored figures), the links of the plan
    # challenges they address with the places stating them (2), the
    # citations of the challenges and of the practices, the
    # alike cases (ranked likewise), their countries, the chosen challenges
    # they faced, their practices and citations, the staged series, their
    # steps and the steps' citations
    "plan": (
        "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
        "&stage=starting&challenge=role-clarity&challenge=communication",
        20,
    ),
    # + the 5 proposed challenges (ranked by the database), each with its
    # practices (5, not 2)
    "plan, not sure, as Markdown": (
        "/plan/?sector=public&scope=cross-border&challenge=not-sure&format=md",
        23,
    ),
    # how many public sources, public moments and published records of each
    # of the 4 kinds (the pages are a list)
    "sitemap index": ("/sitemap.xml", 6),
    # a page of a section: its slice of slugs (and days)
    "sitemap, a kind's section": ("/sitemap-practices.xml", 1),
    "sitemap, the moments": ("/sitemap-moments.xml", 1),
    "sitemap, the sources": ("/sitemap-sources.xml", 1),
    # the record (with its series), its tags, citations and 2 kinds of link,
    # each with the places stating them: what its HTML page reads
    # (collabkb.published)
    "practice as JSON": ("/practices/dont-forget-role-clarity/?format=json", 7),
    # + its levels; 2 kinds of link
    "challenge as JSON": ("/challenges/role-clarity/?format=json", 8),
    # + its places, organisations; 3 kinds of link (its participants', which
    # are no claims, without places); which organisations take part (the
    # tags its cached page depends on)
    "case as JSON": ("/cases/catalyst-project/?format=json", 10),
}


def count_queries(client, url):
    cache.clear()  # the render, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:  # a download's rows are read as it streams
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    # The page cache reads the versions of what the page shows before and
    # after the render (collabkb/versions.py): not the render's.
    return len([q for q in queries.captured_queries if "contentversion" not in q["sql"]])


@pytest.fixture(scope="module")
def counts(shipped_content, django_db_blocker):
    """page -> its queries with the shipped content and at ten times its size."""
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        shipped = {page: count_queries(client, url) for page, (url, _) in PAGES.items()}
        grow_knowledge_base(factor=9, video_slug=VIDEO_SLUG, report_slug=REPORT_SLUG)
        grown = {page: count_queries(client, url) for page, (url, _) in PAGES.items()}
        transaction.set_rollback(True)
    return {page: (shipped[page], grown[page]) for page in PAGES}


@pytest.mark.parametrize("page", list(PAGES))
def test_it_renders_the_page_in_a_fixed_number_of_queries(counts, page):
    expected = PAGES[page][1]
    assert counts[page] == (expected, expected)
