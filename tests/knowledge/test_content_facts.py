"""Spot checks of specific facts against the two sources."""

import pytest

from cases.models import Case
from challenges.models import Challenge
from collabkb.models import Citation
from practices.models import Practice
from tests.content import VIDEO_SLUG

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def moment(label):
    return Citation.objects.get(source__slug=VIDEO_SLUG, timestamp_label=label)


def test_undeveloped_ecosystems_is_often_the_most_significant_at_31_54():
    challenge = Challenge.objects.get(slug="undeveloped-ecosystems")
    assert challenge.citations.filter(timestamp_label="31:54:00", second=1914).exists()
    assert "most significant" in challenge.body


def test_role_clarity_has_nine_mentions_and_is_addressed_from_both_sources():
    challenge = Challenge.objects.get(slug="role-clarity")
    assert (challenge.mentions, challenge.dimension) == (9, "leadership")
    assert {
        "dont-forget-role-clarity",
        "designate-clear-roles",
        "clearly-defining-roles-and-responsibilities",
    } <= set(challenge.addressed_by.values_list("slug", flat=True))


def test_lesson_2_and_the_video_roles_factor_are_related():
    lesson = Practice.objects.get(slug="dont-forget-role-clarity")
    assert lesson.related.filter(slug="clearly-defining-roles-and-responsibilities").exists()
    assert lesson.citations.filter(speaker_role="public-sector", concept="Role clarity").exists()


def test_boundary_spanners_and_cross_border_facilitators_are_related():
    practice = Practice.objects.get(slug="designate-boundary-spanners")
    assert practice.references == "Van Wijk et al. 2008"
    assert practice.related.filter(
        slug="honing-the-role-of-cross-border-facilitators-or-orchestrators"
    ).exists()


def test_lack_of_flexible_adjustments_is_at_individual_and_project_level():
    challenge = Challenge.objects.get(slug="lack-of-flexible-adjustments")
    levels = [level.slug for level in challenge.levels.all()]
    assert (levels, challenge.mentions) == (["individual", "project"], 3)


def test_the_california_policy_lab_result_has_the_reports_figures():
    cpl = Case.objects.get(slug="california-policy-lab")
    assert cpl.founded_year == 2017
    assert "$15.4 million" in cpl.outcomes and "three-year" in cpl.outcomes
    assert "23%" in cpl.outcomes


def test_moda_databridge_draws_on_50_systems_across_20_agencies():
    example = Case.objects.get(slug="moda-nyc").examples.get(slug="databridge")
    assert "50+ source systems" in example.summary and "20 agencies" in example.summary


def test_the_ai_sector_deal_figures_are_exact():
    case = Case.objects.get(slug="uk-ai-sector-deal-and-industrial-strategy")
    assert "£1bn" in case.outcomes and "£1.7bn" in case.outcomes


def test_the_deep_space_food_challenge_joins_canada_and_the_united_states():
    case = Case.objects.get(slug="deep-space-food-challenge")
    assert set(case.organisations.values_list("title", "country")) == {
        ("Canadian Space Agency", "Canada"),
        ("NASA", "United States"),
    }
    assert case.faced.filter(slug="procedural-and-legal-barriers").exists()


def test_the_global_innovation_collaborative_has_its_cities_and_loti_as_curator():
    case = Case.objects.get(slug="global-innovation-collaborative")
    assert set(case.places.values_list("name", flat=True)) == {
        "Paris",
        "London",
        "New York",
        "Berlin",
    }
    assert (
        case.participations.get(
            organisation__slug="london-office-of-technology-and-innovation"
        ).role
        == "curator"
    )


def test_the_uae_accelerators_run_in_100_days_or_less():
    case = Case.objects.get(slug="uae-government-accelerators")
    assert moment("01:12:17").quotation == "100 days or less"
    assert case.citations.filter(timestamp_label="01:12:17").exists()
    assert case.examples.filter(title="Government Exchange Program").exists()


def test_ambiguous_labels_are_resolved_by_the_documented_rule():
    assert (moment("00:10:48").second, moment("00:10:48").needs_review) == (10, True)
    assert (moment("01:18:21").second, moment("01:18:21").needs_review) == (78, True)
    assert (moment("01:19:57").second, moment("01:19:57").needs_review) == (4797, True)
    assert (moment("37:51:30").second, moment("37:51:30").needs_review) == (2271, False)
    assert (moment("27:33:00").second, moment("27:33:00").needs_review) == (1653, False)


def test_one_moment_supports_two_records():
    scaling = moment("28:53:00")
    assert set(scaling.challenges.values_list("slug", flat=True)) == {"scaling-of-experiments"}
    assert set(scaling.practices.values_list("slug", flat=True)) == {"scalable-design"}


def test_proposition_6_is_shared_vision_and_the_ipe_exemplifies_all_ten():
    proposition = Practice.objects.get(series__slug="rod-and-paliwoda-propositions", number=6)
    assert proposition.title == "Proposition 6: shared vision"
    assert (
        Case.objects.get(slug="institute-of-pharmaco-economics")
        .exemplifies.filter(kind="proposition")
        .count()
        == 10
    )


def test_the_policy_lab_participants_carry_sector_and_country():
    lab = Case.objects.get(slug="center-for-data-science-and-public-policy")
    rotterdam = lab.organisations.get(slug="municipality-of-rotterdam")
    assert (rotterdam.sector, rotterdam.country) == ("public", "Netherlands")
    assert lab.organisations.count() == 12
