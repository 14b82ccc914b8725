"""On the shipped content: the webinar's own subject, the OPSI–MBRCGI
partnership, is a cross-border case wherever cases are read by where they
work; and the cases whose outcomes the sources do not report say so."""

import pytest

from cases import scope
from cases.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content", "uncached")]

OPSI = "opsi-mbrcgi-crossborder-government-innovation"
WITH_OUTCOMES = {
    "california-policy-lab",
    "catalyst-project",
    "uk-ai-sector-deal-and-industrial-strategy",
}


def slugs(client, query):
    listing = client.get(f"/cases/?{query}").context["listing"]
    assert listing.total <= 20  # one page holds them all
    return {case.slug for case in listing.page.object_list}


def test_the_opsi_mbrcgi_partnership_is_on_the_world_maps_cross_border_list(client):
    response = client.get("/cases/map/")
    crossing = {case["slug"]: case for case in response.context["crossing"]}
    opsi = crossing[OPSI]
    assert opsi["countries"] == ["United Arab Emirates"] and opsi["international"]
    assert opsi["pairs"] == [("United Arab Emirates", "International bodies")]
    assert "United Arab Emirates, an international body" in response.text
    svg = response.context["svg"]
    assert f'<a href="/cases/{OPSI}/" tabindex="-1"><path class="crossing"' in svg
    # The mark's count is the length of the list it links to.
    international = response.context["international"]
    assert international["count"] >= 1
    listed = client.get(international["url"]).context["listing"]
    assert listed.total == international["count"]
    assert OPSI in {case.slug for case in listed.page.object_list}
    # The map's cross-border cases are those of the case list's filter.
    shown = len(crossing) + response.context["more_crossing"]
    assert slugs(client, "scope=cross-border") == set(crossing)
    assert client.get("/cases/?scope=cross-border").context["listing"].total == shown
    assert 'href="/cases/?scope=cross-border"' in response.text


def test_the_opsi_mbrcgi_partnership_is_listed_under_the_cross_border_filter(client):
    text = client.get("/cases/").text
    assert 'href="?scope=cross-border"' in text and "Across borders" in text
    assert OPSI in slugs(client, "scope=cross-border")
    assert "catalyst-project" in slugs(client, "scope=domestic")
    assert "catalyst-project" not in slugs(client, "scope=cross-border")
    # The OECD's observatory is filed as an international body, and says it is our reading.
    text = client.get("/organisations/oecd-observatory-of-public-sector-innovation/").text
    assert "International body" in text and "<em>CollabKB's note:</em>" in text


def test_the_rule_reads_the_same_in_sql_and_on_a_case(client):
    cases = list(Case.objects.published())
    across = set(Case.objects.published().filter(scope.across()).values_list("slug", flat=True))
    within = set(Case.objects.published().filter(scope.within()).values_list("slug", flat=True))
    assert across and within and not across & within
    for case in cases:
        expected = (
            scope.CROSS_BORDER
            if case.slug in across
            else scope.DOMESTIC
            if case.slug in within
            else ""
        )
        assert scope.of(case) == expected, case.slug


def test_compare_and_a_case_page_say_the_sources_report_no_outcome(client):
    text = client.get(f"/compare/?kind=cases&slug={OPSI}&slug=catalyst-project").text
    outcomes = text[text.index('<th scope="row">Outcomes</th>') :].split("</tr>")[0]
    assert outcomes.count("not reported in the sources") == 1
    assert "—" not in outcomes
    where = text[text.index('<th scope="row">Scope</th>') :].split("</tr>")[0]
    assert "<td>Across borders</td><td>Within one country</td>" in where
    text = client.get(f"/cases/{OPSI}/").text
    assert "The sources report no outcome for this case." in text
    text = client.get("/cases/catalyst-project/").text
    assert "report no outcome" not in text


def test_the_outcomes_filter_lists_only_the_cases_with_reported_outcomes(client):
    assert slugs(client, "outcomes=reported") == WITH_OUTCOMES
    total = Case.objects.published().count()
    listing = client.get("/cases/?outcomes=not-reported").context["listing"]
    assert listing.total == total - len(WITH_OUTCOMES)
    text = client.get("/cases/").text
    assert 'Reported in the sources <span class="count">3</span>' in text
    assert f'Not reported in the sources <span class="count">{total - 3}</span>' in text
