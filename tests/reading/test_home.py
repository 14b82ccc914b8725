"""The home page leads with the questions people come with: planning a
collaboration, what goes wrong most often, who has worked across borders."""

import re

import pytest

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


def test_the_cases_across_borders_on_the_home_page_have_participants_in_several_countries(
    client,
):
    text = client.get("/").text
    start = text.index(">Who has worked across borders?<")
    section = text[start : text.index("</section>", start)]
    shown = re.findall(r'<li><a href="/cases/([^/"]+)/">', section)
    across = Case.objects.published().filter(country_count__gt=1)
    assert shown and set(shown) <= set(across.values_list("slug", flat=True))
    assert 'href="/cases/map/"' in section


def test_the_ways_in_are_listed_once_with_their_counts(client):
    text = client.get("/").text
    main = text[text.index("<main") :]
    # The menu names each kind; the page's body lists it once more, with its count.
    assert main.count('href="/challenges/">') == 1
    assert re.search(r'<a href="/challenges/">Challenges</a> <span class="figure">34</span>', main)
