"""A plan says what to do: each practice in a sentence with why it is there,
one checklist whose order is said to be ours, and a Markdown that lists each
place it cites once."""

import re

import pytest

from explore.planner import why
from practices.models import Practice

pytestmark = pytest.mark.django_db

COUNCIL_AND_UNIVERSITY = (
    "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
    "&stage=starting&challenge=role-clarity"
)


def practice_items(text):
    """Each practice of the plan's challenges, as its markup."""
    return re.findall(r'<li class="basis-\w+">(.*?)</li>', text, flags=re.S)


def checklist_items(text):
    [checklist] = re.findall(r'<ol class="plan-checklist">(.*?)</ol>', text, flags=re.S)
    return re.findall(r"<li>(.*?)</li>", checklist, flags=re.S)


@pytest.mark.usefixtures("shipped_content")
def test_each_practice_says_what_to_do_and_why_it_is_in_the_plan(client):
    response = client.get(COUNCIL_AND_UNIVERSITY)
    [item] = response.context["plan"].challenges
    items = practice_items(response.text)
    assert len(items) == len(item.practices) == 6
    for ranked, markup in zip(item.practices, items, strict=True):
        practice = ranked.practice
        # What to do: the first sentence of its summary (our words), not all of it.
        to_do = re.search(r'<p class="plan-do">(.*?)</p>', markup).group(1)
        assert practice.summary.startswith(to_do.replace("&#x27;", "'"))
        assert to_do.endswith(".") and len(to_do) > 20
        # Why: a sentence, labelled.
        reason = re.search(r'Why here:</span> <span class="why">(.*?)</span>', markup).group(1)
        assert reason[0].isupper() and reason.endswith(".")
    first = items[0]
    assert "Work out which roles the situation needs and say clearly who fills them." in first
    assert "Table 3 of the Catalyst report gives it for this challenge" in first
    # A summary of several sentences gives its first.
    lesson = Practice.objects.get(slug="ensure-bottom-up-engagement")
    assert why.to_do(lesson) == (
        "Meet the government analysts as well as top leadership, so that everyone "
        "understands why the council works with academics; let all members shape "
        "project ideas and decisions."
    )
    data = client.get(COUNCIL_AND_UNIVERSITY + "&format=json").json()
    assert data["challenges"][0]["practices"][0]["to_do"] == (
        "Work out which roles the situation needs and say clearly who fills them."
    )


@pytest.mark.usefixtures("shipped_content")
def test_the_checklist_is_one_list_of_the_series_steps_each_with_its_origin(client):
    response = client.get(COUNCIL_AND_UNIVERSITY)
    plan = response.context["plan"]
    text = response.text
    assert text.count('class="plan-checklist"') == 1
    assert 'class="checklist-steps"' not in text  # no series stacked one after another
    items = checklist_items(text)
    steps = [step for series in plan.checklists for step in series.practices.all()]
    assert len(items) == len(steps) == 19
    # Each step: what to do, linked to its practice, and where it comes from.
    first = items[0]
    assert (
        '<a href="http://testserver/practices/'
        'cpl-step-1-work-with-government-partner-to-identify-a-policy-problem/">'
        "Work with a government partner to identify a policy problem</a>"
    ) in first
    assert "(California Policy Lab, step 1)" in first
    assert "Figure 1 · Catalyst report" in first
    origins = [re.search(r"\((\w[\w ]*), step (\d+)\)", item).groups() for item in items]
    # The first step of every series, then the second of every series …
    assert [int(n) for _, n in origins][:9] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert origins[-4:] == [("GovLab", "7"), ("GovLab", "8"), ("GovLab", "9"), ("GovLab", "10")]
    # … each series in its own order.
    for name in ("California Policy Lab", "DataSF", "GovLab"):
        numbers = [int(n) for series, n in origins if series == name]
        assert numbers == list(range(1, len(numbers) + 1))
    # The page says the merge is ours, not the sources'.
    assert "putting them in one list is ours, not the sources'" in text
    assert "The sources do not order their steps against one another's" in text
    markdown = client.get(COUNCIL_AND_UNIVERSITY + "&format=md").content.decode()
    assert "putting them in one list is ours, not the sources'" in markdown
    assert markdown.count("- [ ] ") == 19
    data = client.get(COUNCIL_AND_UNIVERSITY + "&format=json").json()
    assert [(s["series"], s["number"]) for s in data["checklist"]][:3] == [
        ("California Policy Lab governance process", 1),
        ("DataSF steps to better data quality", 1),
        ("GovLab steps for strengthening a data analytics culture", 1),
    ]


@pytest.mark.usefixtures("shipped_content")
def test_the_shipped_plan_markdown_cites_figure_1_once_for_its_six_steps(client):
    text = client.get(COUNCIL_AND_UNIVERSITY + "&format=md").content.decode()
    figure = "http://testserver/sources/catalyst-project-report/#figure-1"
    assert text.count(figure) == 1
    number = re.search(r"(\d+)\. Figure 1 · Catalyst report — " + re.escape(figure), text)
    cited = f"[{number.group(1)}]"
    assert text.count(cited) >= 7  # the 6 steps, and the practice of step 2 above
    assert text.startswith("# A plan for a partnership")
    assert "Made by CollabKB from its sources on " in text
