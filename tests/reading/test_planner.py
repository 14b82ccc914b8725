"""The collaboration planner at /plan/, on the shipped content."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from challenges.models import Challenge
from explore.planner import ranking
from explore.planner.answers import Answers
from practices.models import Practice
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

COUNCIL_AND_UNIVERSITY = (
    "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
    "&stage=starting&challenge=role-clarity"
)


def test_a_council_and_a_university_expecting_role_clarity_get_the_roles_evidence(client):
    response = client.get(COUNCIL_AND_UNIVERSITY)
    assert response.status_code == 200
    [item] = response.context["plan"].challenges
    assert item.challenge.slug == "role-clarity" and not item.proposed
    slugs = [r.practice.slug for r in item.practices]
    # Table 3 gives its strategy for role clarity: it comes first.
    assert slugs[0] == "designate-clear-roles"
    # Then what the report links to it elsewhere: Lesson #2, the Discussion.
    assert set(slugs[1:3]) == {"dont-forget-role-clarity", "points-for-practitioners"}
    # The video's success factor (governments across borders, joined to this
    # challenge by our reading) is offered, below what the report gives.
    assert "clearly-defining-roles-and-responsibilities" in slugs[3:]
    cases = [alike.case.slug for alike in response.context["plan"].cases]
    assert cases[0] == "catalyst-project"
    text = response.text
    assert "A plan for a partnership of public sector and university / research partners" in text
    assert "Table 3 of the Catalyst report gives it for this challenge" in text
    assert "The Catalyst report links it to this challenge (Executive summary" in text
    assert "Our reading, not a source&#x27;s:" in text
    # Every item cites its place, linked like everywhere else (at its whole
    # address: a printed plan prints it).
    assert 'href="http://testserver/sources/opsi-crossborder-collaboration-webinar/t/' in text
    assert 'href="http://testserver/sources/catalyst-project-report/#' in text


def test_the_practices_come_by_basis_then_by_the_documented_fit(client):
    [item] = client.get("/plan/?challenge=role-clarity").context["plan"].challenges
    order = [(-r.basis, -r.fit) for r in item.practices]
    assert order == sorted(order)
    assert [r.basis for r in item.practices][:3] == [
        ranking.PAIRED,
        ranking.STATED,
        ranking.STATED,
    ]
    assert all(r.basis == ranking.OURS for r in item.practices[3:])
    # Without a setting every source and case weighs 1; one challenge: no others.
    for ranked in item.practices:
        practice = ranked.practice
        assert ranked.fit == 3 * practice.stated_source_count + 2 * practice.stated_case_count


def test_citations_and_quotations_do_not_rank_a_practice(client):
    """Misalignment has 28 citations, most of them interview quotes: the two
    strategies Table 3 gives for it still come first."""
    plan = client.get(
        "/plan/?challenge=misalignment-between-research-and-project-objectives"
    ).context["plan"]
    slugs = [r.practice.slug for r in plan.challenges[0].practices]
    assert set(slugs[:2]) == {"identify-interdependencies", "show-evidence-of-success"}
    assert all(r.basis == ranking.OURS for r in plan.challenges[0].practices[2:])


def test_table_1s_own_strategy_comes_first_for_weak_personal_connections(client):
    plan = client.get("/plan/?challenge=weak-personal-connections").context["plan"]
    ranked = plan.challenges[0].practices
    assert ranked[0].practice.slug == "designate-boundary-spanners"
    assert ranked[0].basis == ranking.PAIRED
    # On-site days: stated by Lesson #5 and Table 1, but not Table 1's own strategy.
    assert ranked[1].practice.slug == "increase-interaction-with-regular-on-site-work-days"
    assert ranked[1].basis == ranking.STATED


def test_a_practice_that_also_addresses_another_chosen_challenge_ranks_higher(client):
    alone = client.get("/plan/?challenge=role-clarity").context["plan"].challenges[0]
    both = client.get("/plan/?challenge=role-clarity&challenge=weak-personal-connections")
    together = both.context["plan"].challenges[0]
    fit = {r.practice.slug: r.fit for r in alone.practices}
    lesson = next(r for r in together.practices if r.practice.slug == "dont-forget-role-clarity")
    assert lesson.fit == fit["dont-forget-role-clarity"] + 3
    assert [c.slug for c in lesson.also] == ["weak-personal-connections"]
    assert "also addresses weak personal connections" in both.text


def test_not_sure_proposes_what_partnerships_like_theirs_faced(client):
    response = client.get("/plan/?sector=public&scope=cross-border&challenge=not-sure")
    plan = response.context["plan"]
    assert plan.proposed and all(item.proposed for item in plan.challenges)
    assert len(plan.challenges) == ranking.PROPOSED
    # The cross-border public-sector cases faced procedural and legal barriers.
    assert plan.challenges[0].challenge.slug == "procedural-and-legal-barriers"
    assert plan.cases[0].case.slug in (
        "deep-space-food-challenge",
        "global-innovation-collaborative",
    )
    assert "proposed" in response.text


def test_a_scaling_partnership_is_proposed_the_scaling_challenge(client):
    plan = client.get("/plan/?stage=scaling&challenge=not-sure").context["plan"]
    assert "scaling-of-experiments" in [item.challenge.slug for item in plan.challenges]
    running = client.get("/plan/?stage=running&challenge=not-sure").context["plan"]
    assert "scaling-of-experiments" not in [item.challenge.slug for item in running.challenges]


CITY_AND_START_UPS_ACROSS_BORDERS = (
    "/plan/?sector=public&sector=private&scope=cross-border&country=France"
    "&country=United+Kingdom&stage=running&challenge=not-sure"
)


def test_a_city_and_start_ups_across_borders_are_proposed_the_webinars_challenges(client):
    response = client.get(CITY_AND_START_UPS_ACROSS_BORDERS)
    plan = response.context["plan"]
    proposed = [item.challenge.slug for item in plan.challenges]
    webinar = set(
        Challenge.objects.filter(
            citations__source__slug="opsi-crossborder-collaboration-webinar"
        ).values_list("slug", flat=True)
    )
    assert set(proposed) <= webinar
    assert "undeveloped-ecosystems" in proposed
    assert "weak-personal-connections" not in proposed  # the report's interviews
    shown = {r.practice.slug for item in plan.challenges for r in item.practices}
    assert "increase-interaction-with-regular-on-site-work-days" not in shown
    assert "the OPSI webinar, a source of a setting like yours, names it" in response.text
    assert "1 cross-border case faced it" in response.text


def test_a_university_and_a_council_are_proposed_the_interview_challenges(client):
    plan = client.get(
        "/plan/?sector=public&sector=academic&scope=domestic&challenge=not-sure"
    ).context["plan"]
    proposed = [item.challenge.slug for item in plan.challenges]
    assert "weak-personal-connections" in proposed
    assert not {"undeveloped-ecosystems", "cultural-norms"} & set(proposed)


def test_choosing_nothing_about_challenges_proposes_them_too(client):
    plan = client.get("/plan/?sector=academic").context["plan"]
    assert plan.challenges and plan.proposed


def test_the_checklist_holds_the_numbered_series_that_fit_the_stage_in_order(client):
    def series(stage):
        plan = client.get(f"/plan/?stage={stage}").context["plan"]
        return [s.slug for s in plan.checklists], [s.slug for s in plan.other_series]

    assert series("starting")[0] == [
        "california-policy-lab-governance-process",
        "datasf-data-quality-steps",
        "govlab-data-analytics-culture-steps",
    ]
    assert series("scaling") == (
        ["govlab-data-analytics-culture-steps", "people-led-innovation-methodology"],
        ["california-policy-lab-governance-process", "datasf-data-quality-steps"],
    )
    response = client.get("/plan/?stage=running")
    plan = response.context["plan"]
    govlab = next(s for s in plan.checklists if s.slug == "govlab-data-analytics-culture-steps")
    assert [step.number for step in govlab.practices.all()] == list(range(1, 11))
    # Which series suits a stage is ours to say, and the page says so.
    assert "which series suits which stage is our reading, not a source" in response.text


def test_the_empty_planner_is_a_form_grouped_by_dimension(client):
    response = client.get("/plan/")
    assert response.status_code == 200
    assert not response.context["answers"].given
    groups = {group.label: group.choices for group in response.context["plan"].offered}
    assert [c.slug for c in groups["Leadership / management"]][-1] == "role-clarity"
    assert 'name="challenge" value="not-sure"' in response.text
    assert "Your plan" not in response.text and 'class="plan"' not in response.text


@pytest.mark.parametrize(
    "query, message",
    [
        ("challenge=no-such-challenge", "No published challenge “no-such-challenge”: left out."),
        ("country=Narnia", "No case in the knowledge base has a participant in “Narnia” yet"),
        ("stage=finished", "“finished” is not a stage the planner knows"),
        ("sector=pirates", "“pirates” is not a sector the planner knows"),
        ("scope=%00moon", "“moon” is not a kind of partnership the planner knows"),
        ("format=xml&stage=starting", "Plans download as Markdown (format=md) or JSON"),
        (
            "scope=domestic&country=Canada&country=Germany",
            "the plan reads the partnership as across borders",
        ),
    ],
)
def test_hostile_or_stale_answers_give_a_plan_with_a_message(client, query, message):
    response = client.get(f"/plan/?{query}")
    assert response.status_code == 200
    assert any(message in m for m in response.context["answers"].messages)


def test_thirty_challenges_at_once_are_cut_to_ten_with_a_message(client):
    slugs = list(Challenge.objects.values_list("slug", flat=True)[:27]) + ["a", "b", "c"]
    assert len(slugs) == 30
    response = client.get("/plan/?" + "&".join(f"challenge={s}" for s in slugs))
    assert response.status_code == 200
    assert len(response.context["plan"].challenges) == 10
    assert any("at most 10 challenges" in m for m in response.context["answers"].messages)


def test_nothing_unpublished_appears_in_a_plan(client):
    challenge = Challenge.objects.get(slug="role-clarity")
    f.make_practice(
        title="Draft practice on roles", status="draft", addresses=[challenge], slug="draft-roles"
    )
    draft = f.make_case(title="Draft council case", status="draft")
    draft.faced.add(challenge)
    f.make_challenge(title="Draft challenge", slug="draft-challenge", status="draft")
    response = client.get(COUNCIL_AND_UNIVERSITY + "&challenge=draft-challenge")
    text = response.text
    assert "Draft practice on roles" not in text and "Draft council case" not in text
    assert "Draft challenge" not in text
    assert "No published challenge “draft-challenge”: left out." in text
    data = client.get(COUNCIL_AND_UNIVERSITY + "&format=json").json()
    assert "draft-roles" not in json.dumps(data)


def test_the_plan_downloads_as_markdown_and_json(client):
    markdown = client.get(COUNCIL_AND_UNIVERSITY + "&format=md")
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="plan.md"' in markdown["Content-Disposition"]
    text = markdown.content.decode()
    assert text.startswith("# A plan for a partnership of public sector")
    assert "**Designate clear roles" in text
    assert "Why: Table 3 of the Catalyst report gives it for this challenge" in text
    assert "Why: Our reading, not a source's:" in text
    assert "## How the plan ranks" in text
    # One checklist: each step what to do, then where it comes from.
    assert "- [ ] Work with a government partner to identify a policy problem" in text
    assert "(California Policy Lab, step 1)" in text
    assert "http://testserver/sources/catalyst-project-report/#" in text
    data = client.get(COUNCIL_AND_UNIVERSITY + "&format=json").json()
    assert data["partnership"]["countries"] == ["United Kingdom"]
    assert data["address"].startswith("http://testserver/plan/?sector=public")
    [challenge] = data["challenges"]
    first = challenge["practices"][0]
    assert first["slug"] == "designate-clear-roles"
    assert (first["basis"], first["paired_by_a_source"]) == ("stated", True)
    assert [place["place"] for place in first["stated_at"]] == ["Table 3"]
    assert first["why"].startswith("Table 3 of the Catalyst report gives it for this challenge")
    ours = [p for p in challenge["practices"] if p["basis"] == "ours"]
    assert ours and all(p["reason"] and p["why"].startswith("Our reading") for p in ours)
    assert first["citations"][0]["url"].startswith("http://testserver/")
    assert data["cases"][0]["slug"] == "catalyst-project"
    assert data["checklists"][0]["steps"][0]["title"].startswith("California Policy Lab step 1 —")


def test_the_plan_link_carries_every_answer(client):
    response = client.get(COUNCIL_AND_UNIVERSITY + "&challenge=not-sure&challenge=nope")
    query = response.context["query"]
    assert query == (
        "sector=public&sector=academic&scope=domestic&country=United+Kingdom"
        "&stage=starting&challenge=role-clarity&challenge=not-sure"
    )
    again = client.get(f"/plan/?{query}")
    assert [i.challenge.slug for i in again.context["plan"].challenges][0] == "role-clarity"


def test_likeness_reasons_name_sectors_scope_and_countries():
    labels = {"public": "Public sector", "academic": "University / research"}
    answers = Answers(sectors=["public", "academic"], scope="domestic", countries=["Spain"])
    alike = ranking.Profile(sectors={"public", "academic"}, countries={"Spain"}, scope="domestic")
    assert ranking.likeness_reasons(alike, answers, labels) == [
        "partners from university / research, public sector",
        "within one country",
        "in Spain",
    ]
    other = ranking.Profile(
        sectors={"public", "private"}, countries={"Spain", "France"}, scope="cross-border"
    )
    assert ranking.likeness_reasons(other, answers, labels) == [
        "partners from public sector",
        "in Spain",
    ]


def test_a_source_under_half_the_best_share_of_cases_of_the_setting_weighs_nothing():
    assert ranking.source_weights({1: 1.0, 2: 0.32}) == {1: 1.0, 2: 0.0}
    assert ranking.source_weights({1: 0.5, 2: 0.3}) == {1: 1.0, 2: pytest.approx(0.6)}
    assert ranking.source_weights({1: 0.0}) == {1: 0.0}


def test_a_plan_is_ranked_by_the_database_in_the_same_queries_every_time(client, uncached):
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(COUNCIL_AND_UNIVERSITY).status_code == 200
        counts.append(len(queries))
    Practice.objects.get(slug="designate-clear-roles").save()  # a write: nothing to rebuild
    with CaptureQueriesContext(connection) as queries:
        client.get(COUNCIL_AND_UNIVERSITY)
    counts.append(len(queries))
    # Nothing is kept in the process: each plan reads what it shows, and no
    # more after a write than before it.
    assert counts == [19, 19, 19]


def test_the_home_page_and_every_page_lead_to_the_planner(client):
    assert 'href="/plan/"' in client.get("/").text
    assert 'href="/plan/"' in client.get("/cases/").text


def test_cases_without_participants_in_common_are_not_called_alike(client):
    plan = client.get("/plan/?country=Narnia").context["plan"]
    assert plan.cases == []
    assert (
        "No case in the knowledge base is like this partnership yet."
        in client.get("/plan/?country=Narnia").text
    )
    assert Case.objects.published().exists()


def test_a_reason_ending_in_a_full_stop_reads_as_one_sentence(client):
    """A curator's reason ends in a full stop; the plan's line goes on after
    it with a semicolon, and never doubles the stop."""
    from collabkb.models.claims import Basis

    challenge = f.make_challenge(title="Turf protection")
    practice = f.make_practice(title="Share the credit", addresses=[challenge])
    practice.addresses_links.update(basis=Basis.OURS, reason="Credit shared eases turf.")
    other = f.make_challenge(title="Weak ties")
    practice.addresses.add(other)
    plan = client.get("/plan/", {"challenge": [challenge.slug, other.slug]}).context["plan"]
    from explore.planner import why

    [ranked] = plan.challenges[0].practices
    line = why.practice(ranked, plan)
    assert "Credit shared eases turf;" in line and ".;" not in line and ".." not in line
