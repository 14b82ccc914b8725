"""Every plan shows first the practice that says to fit the practices to the
partnership's own context, when it is published; nothing when it is not."""

import pytest

from explore.planner.reads import CONTEXTUAL
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

PLAN = "/plan/?sector=public&challenge=not-sure"


@pytest.fixture
def contextual():
    report = f.make_source(title="The report", short_name="Report")
    return f.make_practice(
        title="Fit the practices to your own context",
        slug=CONTEXTUAL,
        summary="What works depends on the partnership: adapt each practice to yours.",
        citations=[f.make_citation(report, locator="Conclusion")],
    )


def test_every_plan_shows_the_contextual_practice_first(client, contextual):
    challenge = f.make_challenge(title="Weak ties")
    f.make_practice(title="Meet often", addresses=[challenge])
    for query in (PLAN, f"/plan/?challenge={challenge.slug}", "/plan/?stage=running"):
        text = client.get(query).text
        heading = text.index("Fit the practices to your own context")
        assert heading < text.index("1. Your challenges and what addresses them")
        assert "adapt each practice to yours" in text
        assert "Conclusion · Report" in text  # cited like every item
    markdown = client.get(PLAN + "&format=md").content.decode()
    assert "## First: Fit the practices to your own context" in markdown
    data = client.get(PLAN + "&format=json").json()
    assert data["first"]["slug"] == CONTEXTUAL
    assert data["first"]["citations"][0]["place"] == "Conclusion"


def test_the_form_alone_does_not_show_it(client, contextual):
    assert "Fit the practices to your own context" not in client.get("/plan/").text


def test_a_plan_shows_nothing_in_its_place_when_it_is_absent_or_unpublished(client, contextual):
    contextual.status = "draft"
    contextual.save()
    text = client.get(PLAN).text
    assert "Fit the practices to your own context" not in text
    assert 'id="plan-contextual"' not in text
    assert client.get(PLAN + "&format=json").json()["first"] is None
    contextual.delete()
    assert 'id="plan-contextual"' not in client.get(PLAN).text
