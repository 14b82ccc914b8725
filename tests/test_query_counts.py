"""Every page type renders in a fixed number of queries, whatever the data size.

Each page is measured with the shipped content, then again after the knowledge
base has grown to ten times its size (new records linked to the ones the pages
show, so the pages themselves grow).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.content import REPORT_SLUG, VIDEO_SLUG
from tests.factories import grow_knowledge_base

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

VIDEO = f"/sources/{VIDEO_SLUG}/"
# page -> (url, queries). The comments list the queries.
PAGES = {
    # 5 counts, series count, most-cited challenges, most-cited practices,
    # sources
    "home": ("/", 9),
    # 4 facet counts, paginator count, page of rows, its tags, its levels
    "challenge list": ("/challenges/", 8),
    "challenge list, filtered and sorted": (
        "/challenges/?dimension=leadership&tag=leadership&sort=cited&page=1",
        8,
    ),
    "challenge list, by level": ("/challenges/?level=individual", 8),
    # 4 facet counts, count, rows (with series), tags
    "practice list": ("/practices/", 7),
    "practice list, filtered": (
        f"/practices/?series=catalyst-project-lessons&source={REPORT_SLUG}",
        7,
    ),
    # 5 facet counts, count, rows, tags, places
    "case list": ("/cases/", 9),
    "case list, filtered": ("/cases/?country=United%20States&sector=public", 9),
    # challenge, and once per content version and process: its citations
    # with their sources (the list is kept per record), 12 that build the
    # graph (3 kinds, their tags, 6 kinds of link), which gives the tags, the
    # linked records and the neighbourhood, and 1 for the published
    # challenges' levels
    "challenge": ("/challenges/role-clarity/", 15),
    # practice+series; its citations and 12 for the graph (which also gives
    # the previous and next steps of its series)
    "practice": ("/practices/dont-forget-role-clarity/", 14),
    # case; its citations, 12 for the graph, and 3 for the published cases'
    # places, examples and participants (with organisations); and which
    # organisations take part, the tags its cached page depends on
    "case": ("/cases/catalyst-project/", 18),
    # organisation; its citations and 2 for the published organisations'
    # tags and cases; and which cases it takes part in, the tags its cached
    # page depends on
    "organisation": ("/organisations/university-of-essex/", 5),
    # sources with citation counts
    "sources": ("/sources/", 1),
    # once per content version and process, the public sources; and once per
    # version, process and source, its public citations and, for each of the
    # 4 kinds, its published records citing it (a timeline, an outline and a
    # moment share them)
    "video timeline": (VIDEO, 6),
    "report outline": (f"/sources/{REPORT_SLUG}/", 6),
    "report outline, one place": (f"/sources/{REPORT_SLUG}/?place=table-3", 6),
    "moment": (f"{VIDEO}t/1692/", 6),
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
    # organisations, exemplifies, faced)
    "challenge list as CSV": ("/challenges/?dimension=leadership&format=csv", 11),
    "case list as JSON": ("/cases/?format=json", 13),
    # tags, public sources, the graph (12), which also gives a tag filter's
    # records; + 3 for a source filter (one per kind)
    "map": ("/map/", 14),
    "map, filtered": (
        "/map/?dimension=leadership&kind=lesson&tag=leadership&source=catalyst-project-report",
        17,
    ),
    # once per content version, every published case and practice with what
    # the page shows: cases, places, participations+organisations,
    # exemplifies, faced, citations+sources; practices+series, addresses,
    # exemplified by, citations+sources
    "compare": ("/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab", 10),
    "compare practices": (
        "/compare/?kind=practices&slug=dont-forget-role-clarity&slug=designate-clear-roles",
        10,
    ),
    # the published cases' participants' countries
    "world map": ("/cases/map/", 1),
    # the planner's snapshot, once per content version and process: challenges
    # with their evidence, countries with cases, practices' challenges,
    # participants' sectors and countries, challenges faced, the practices
    # with their evidence, the cases with their citations and practices, the
    # staged series, their steps and the steps' citations
    "plan, the form": ("/plan/", 12),
    # + the citations of the plan's challenges and of its practices
    "plan": (
        "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
        "&stage=starting&challenge=role-clarity&challenge=communication",
        14,
    ),
    "plan, not sure, as Markdown": (
        "/plan/?sector=public&scope=cross-border&challenge=not-sure&format=md",
        14,
    ),
    # the record page's queries
    "practice as JSON": ("/practices/dont-forget-role-clarity/?format=json", 6),
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


@pytest.mark.parametrize("page", list(PAGES))
def test_it_renders_the_page_in_a_fixed_number_of_queries(client, page):
    url, expected = PAGES[page]
    shipped = count_queries(client, url)
    grow_knowledge_base(factor=9, video_slug=VIDEO_SLUG, report_slug=REPORT_SLUG)
    grown = count_queries(client, url)
    assert (shipped, grown) == (expected, expected)
