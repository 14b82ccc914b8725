"""The home page leads with the questions people come with: planning a
collaboration, what goes wrong most often, who has worked across borders."""

import re

import pytest

from cases import scope
from cases.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def test_the_home_page_leads_with_the_planner_the_barriers_and_the_cases_across_borders(client):
    text = client.get("/").text
    planner = text.index('href="/plan/">Plan a collaboration</a>')
    barriers = text.index('id="mentioned-challenges">What goes wrong most often?')
    across = text.index(">Who has worked across borders?<")
    # Before the sources' lists and the ways in, not after them.
    assert planner < barriers < across < text.index('id="emphasis-heading"')
    assert text.index('id="emphasis-heading"') < text.index('id="counts-heading"')


def test_the_cases_across_borders_on_the_home_page_are_cross_border_by_the_one_rule(client):
    text = client.get("/").text
    start = text.index(">Who has worked across borders?<")
    section = text[start : text.index("</section>", start)]
    shown = re.findall(r'<li><a href="/cases/([^/"]+)/">', section)
    across = Case.objects.published().filter(scope.across())
    assert shown and set(shown) <= set(across.values_list("slug", flat=True))
    # An international body makes a case cross-border: the webinar's own subject.
    assert "opsi-mbrcgi-crossborder-government-innovation" in shown
    assert 'href="/cases/map/"' in section


def test_the_ways_in_are_listed_once_with_their_counts(client):
    text = client.get("/").text
    main = text[text.index("<main") :]
    # The menu names each kind; the page's body lists it once more, with its count.
    assert main.count('href="/challenges/">') == 1
    assert re.search(r'<a href="/challenges/">Challenges</a> <span class="figure">34</span>', main)
