"""One rule for a case across borders, read the same by the world map, the
case list's filter, compare and the planner; and what the sources do not
report about a case's outcomes, said as such."""

import csv
import io
import json

import pytest

from cases.models import Participation
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


def listed(client, query):
    """The titles the case list shows for ``query``."""
    page = client.get(f"/cases/?{query}").context["listing"].page
    return sorted(case.title for case in page.object_list)


def crossing(client):
    return {case["title"]: case for case in client.get("/cases/map/").context["crossing"]}


def compared(client, *cases):
    slugs = "&".join(f"slug={case.slug}" for case in cases)
    return client.get(f"/compare/?kind=cases&{slugs}").text


@pytest.fixture
def three_cases():
    """A case with two participants in one country and an international body,
    one within one country, and one whose participants have no country."""
    council = f.make_organisation(title="A council", sector="public", country="Ireland")
    college = f.make_organisation(title="A college", sector="academic", country="Ireland")
    body = f.make_organisation(title="A body of states", sector="international", country="")
    with_body = f.make_case(title="With a body", organisations=[council, college, body])
    at_home = f.make_case(title="At home", organisations=[council, college])
    firm = f.make_organisation(title="A firm", sector="private", country="")
    unplaced = f.make_case(title="Unplaced", organisations=[firm])
    return with_body, at_home, unplaced


def test_two_participants_of_one_country_and_an_international_body_cross_borders(
    client, three_cases
):
    with_body, at_home, unplaced = three_cases
    assert listed(client, "scope=cross-border") == ["With a body"]
    assert listed(client, "scope=domestic") == ["At home"]
    # The filter offers each scope with its count, as links (no JavaScript).
    text = client.get("/cases/").text
    assert 'href="?scope=cross-border"' in text and 'href="?scope=domestic"' in text
    # The world map lists it, joined to the international bodies' mark.
    response = client.get("/cases/map/")
    shown = crossing(client)
    assert list(shown) == ["With a body"]
    assert shown["With a body"]["pairs"] == [("Ireland", "International bodies")]
    assert "With a body</a> — Ireland, an international body" in response.text
    assert response.context["international"]["count"] == 1
    svg = response.context["svg"]
    assert '<polygon class="international"' in svg and ">International bodies</text>" in svg
    assert svg.count('<path class="crossing"') == 1
    # The mark links to the cases with an international body: the same count.
    assert listed(client, "sector=international") == ["With a body"]
    assert 'href="/cases/?sector=international"' in response.text
    # Compare reads the same rule.
    text = compared(client, with_body, at_home, unplaced)
    row = text[text.index('<th scope="row">Scope</th>') :].split("</tr>")[0]
    assert row.count("<td>") == 3
    assert "<td>Across borders</td><td>Within one country</td><td>Not known" in row


def test_a_domestic_case_is_not_on_the_cross_border_list(client):
    council = f.make_organisation(sector="public", country="Latvia")
    f.make_case(title="Riga", organisations=[council, f.make_organisation(country="Latvia")])
    assert crossing(client) == {}
    assert listed(client, "scope=cross-border") == []
    assert listed(client, "scope=domestic") == ["Riga"]
    assert "No published case has participants from more than one country" in (
        client.get("/cases/map/").text
    )


def test_an_unpublished_organisation_does_not_make_a_case_cross_border(client):
    case = f.make_case(title="Lab", organisations=[f.make_organisation(country="Spain")])
    body = f.make_organisation(
        title="Draft body", sector="international", country="", status="draft"
    )
    abroad = f.make_organisation(title="Draft abroad", country="France", status="draft")
    Participation.objects.create(case=case, organisation=body)
    Participation.objects.create(case=case, organisation=abroad)
    assert crossing(client) == {}
    assert listed(client, "scope=cross-border") == []
    assert listed(client, "scope=domestic") == ["Lab"]
    response = client.get("/cases/map/")
    assert response.context["international"]["count"] == 0
    assert "International bodies" not in response.context["svg"]
    assert "Draft body" not in compared(client, case, f.make_case())
    # Published, the body makes it cross-border at once.
    body.status = "published"
    body.save()
    assert list(crossing(client)) == ["Lab"]
    assert listed(client, "scope=cross-border") == ["Lab"]


def test_the_planner_reads_the_same_rule_in_its_ranking_and_its_reasons(client, three_cases):
    across = client.get("/plan/?sector=public&scope=cross-border&format=json").json()
    assert across["cases"][0]["title"] == "With a body"
    assert across["cases"][0]["why"] == ["partners from public sector", "across borders"]
    within = client.get("/plan/?sector=public&scope=domestic&format=json").json()
    assert within["cases"][0]["title"] == "At home"
    assert within["cases"][0]["why"] == ["partners from public sector", "within one country"]
    assert within["cases"][1]["why"] == ["partners from public sector"]


def test_an_unknown_scope_or_outcome_is_said_and_lists_nothing(client, three_cases):
    for query, message in (
        ("scope=moon", "No cases with scope “moon”."),
        ("outcomes=%3Cb%3E", "No cases with outcomes “&lt;b&gt;”."),
    ):
        response = client.get(f"/cases/?{query}")
        assert response.status_code == 200
        assert message in response.text
        assert response.context["listing"].total == 0


def test_a_case_without_outcomes_says_the_sources_report_none(client):
    with_outcomes = f.make_case(title="Counted", outcomes="Saved **£2m** a year.")
    without = f.make_case(title="Silent")
    text = client.get(without.get_absolute_url()).text
    assert "<dt>Outcomes</dt>" in text
    assert "The sources report no outcome for this case." in text
    text = client.get(with_outcomes.get_absolute_url()).text
    assert "<strong>£2m</strong>" in text and "report no outcome" not in text
    text = compared(client, with_outcomes, without)
    row = text[text.index('<th scope="row">Outcomes</th>') :].split("</tr>")[0]
    assert "£2m" in row and "not reported in the sources" in row and "—" not in row


def test_the_outcomes_filter_lists_only_cases_with_outcomes_and_so_do_its_downloads(client):
    f.make_case(title="Counted", outcomes="Saved £2m a year.")
    f.make_case(title="Also counted", outcomes="Two new services.")
    f.make_case(title="Silent")
    assert listed(client, "outcomes=reported") == ["Also counted", "Counted"]
    assert listed(client, "outcomes=not-reported") == ["Silent"]
    text = client.get("/cases/").text
    assert 'Reported in the sources <span class="count">2</span>' in text
    response = client.get("/cases/?outcomes=reported")
    assert 'href="?format=csv&amp;outcomes=reported"' in response.text
    assert 'href="?format=json&amp;outcomes=reported"' in response.text
    download = client.get("/cases/?outcomes=reported&format=csv")
    assert "cases-outcomes-reported.csv" in download["Content-Disposition"]
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["title"] for row in rows) == ["Also counted", "Counted"]
    # A download stays data: a case without outcomes has them empty.
    download = client.get("/cases/?outcomes=not-reported&format=json")
    results = json.loads(b"".join(download.streaming_content))["results"]
    assert [(r["title"], r["outcomes"]) for r in results] == [("Silent", "")]
