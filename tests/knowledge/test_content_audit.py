"""An audit of the shipped knowledge base against the two sources."""

import re
from collections import Counter

import pytest
from django.db.models import Count, Q
from taggit.models import Tag

from cases.models import Case, Organisation
from challenges.models import Challenge
from collabkb.models import Citation, Source
from collabkb.text import timestamps
from collabkb.text.notes import ANCHOR_RE, parse_notes
from practices.models import Practice, Series
from tests.content import NOTES, REPORT, REPORT_SLUG, VIDEO_SLUG, source_text, squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

RECORD_MODELS = [Challenge, Practice, Case, Organisation]


def cited_at(model, *locators, source=REPORT_SLUG):
    return model.objects.filter(
        citations__source__slug=source, citations__locator__in=locators
    ).distinct()


def series(slug):
    return list(Practice.objects.filter(series__slug=slug).order_by("number", "title"))


# -- counts per family ------------------------------------------------------


def test_it_holds_the_seven_video_challenges():
    assert Challenge.objects.filter(citations__source__slug=VIDEO_SLUG).distinct().count() == 7


def test_it_holds_the_ten_video_success_factors_and_three_future_areas():
    factors = series("opsi-success-factors")
    assert len(factors) == 10 and {p.kind for p in factors} == {"success-factor"}
    assert [p.kind for p in series("opsi-future-areas")] == ["future-area"] * 3
    assert (
        Practice.objects.get(slug="mini-lateralism")
        .citations.filter(timestamp_label="01:35:41")
        .exists()
    )


def test_it_holds_the_three_video_cases_with_their_organisations():
    slugs = [
        "uae-government-accelerators",
        "deep-space-food-challenge",
        "global-innovation-collaborative",
    ]
    cases = Case.objects.filter(slug__in=slugs, citations__source__slug=VIDEO_SLUG)
    assert cases.distinct().count() == 3
    assert all(case.organisations.exists() and case.places.exists() for case in cases)


def test_it_holds_the_five_lessons_as_a_numbered_series():
    lessons = series("catalyst-project-lessons")
    assert [p.number for p in lessons] == [1, 2, 3, 4, 5]
    assert lessons[1].title == "Lesson #2: Don’t forget role clarity"


def test_it_holds_five_insights_four_of_them_in_the_executive_summary():
    insights = series("international-best-practice-insights")
    assert [p.number for p in insights] == [1, 2, 3, 4, 5]
    summary = "Executive summary — Key insights from international best practices"
    assert [p.number for p in insights if p.citations.filter(locator=summary)] == [
        1,
        2,
        3,
        4,
    ]


MENTIONS = {
    # Tables 1-3 of the report: challenge -> (number of mentions, table)
    "weak-personal-connections": (10, "Table 1"),
    "lack-of-social-cohesion": (7, "Table 1"),
    "multiple-conflicting-priorities": (8, "Table 1"),
    "risk-aversion": (4, "Table 1"),
    "communication": (4, "Table 2"),
    "lack-of-shared-collaborative-reality": (1, "Table 2"),
    "institutional-forces": (7, "Table 2"),
    "lack-of-flexible-adjustments": (3, "Table 2"),
    "role-clarity": (9, "Table 3"),
    "low-middle-management-and-bottom-level-buy-in": (5, "Table 3"),
    "misalignment-between-research-and-project-objectives": (4, "Table 3"),
    "lack-of-facilitative-leadership": (9, "Table 3"),
}


def test_it_holds_the_twelve_table_challenges_with_their_exact_mentions():
    in_tables = cited_at(Challenge, "Table 1", "Table 2", "Table 3")
    assert {c.slug: c.mentions for c in in_tables} == {
        slug: mentions for slug, (mentions, _) in MENTIONS.items()
    }
    for challenge in in_tables:
        assert challenge.citations.filter(locator=MENTIONS[challenge.slug][1]).exists()
        assert challenge.dimension or challenge.levels


def test_it_gives_every_table_challenge_a_strategy_with_its_literature():
    strategies = cited_at(Practice, "Table 1", "Table 2", "Table 3")
    assert strategies.count() == 14
    addressed = set(strategies.values_list("addresses__slug", flat=True).exclude(addresses=None))
    assert set(MENTIONS) <= addressed
    assert strategies.filter(references="").count() == 1  # only "Show evidence of success"


def test_it_holds_the_propositions_and_historical_factor_groups():
    assert [p.number for p in series("rod-and-paliwoda-propositions")] == list(range(1, 11))
    assert len(series("historical-success-factors")) == 4


def test_it_holds_the_california_policy_lab_and_its_six_governance_steps():
    steps = series("california-policy-lab-governance-process")
    assert [p.number for p in steps] == [1, 2, 3, 4, 5, 6]
    assert all(p.citations.filter(locator="Figure 1").exists() for p in steps)
    cpl = Case.objects.get(slug="california-policy-lab")
    assert {"ucla", "uc-berkeley"} <= set(cpl.organisations.values_list("slug", flat=True))
    assert (
        cpl.faced.filter(slug__in=["barriers-for-academics", "barriers-for-civil-servants"]).count()
        == 2
    )


def test_it_holds_the_six_offices_of_data_analytics_with_each_project_example():
    odas = cited_at(Case, "Table 4").filter(kind="data-office")
    # Table 4 lists 3, 4, 6, 2, 3 and 2 items; the best-practices section adds
    # a few more examples to some of the offices.
    table_4_items = {
        "city-of-boston-analytics-team": 3,
        "city-of-san-diego-performance-and-analytics-team": 4,
        "datala": 6,
        "moda-nyc": 2,
        "datasf": 3,
        "oda-philadelphia": 2,
    }
    assert {case.slug for case in odas} == set(table_4_items)
    for case in odas:
        assert case.examples.count() >= table_4_items[case.slug], case.slug


def test_it_holds_appendix_1_strategies_with_authors_and_results():
    strategies = series("appendix-1-management-strategies")
    assert len(strategies) == 6
    for practice in strategies:
        assert practice.references
        assert practice.citations.filter(locator="Appendix 1").exclude(quotation="").exists()


def test_it_holds_the_fourteen_policy_labs_of_appendix_2():
    labs = cited_at(Case, "Appendix 2").filter(kind="policy-lab")
    assert labs.count() == 14
    for lab in labs.annotate(n=Count("organisations")):
        assert lab.n >= 3, lab.slug
        assert lab.aims and lab.areas_of_work, lab.slug


def test_it_holds_the_govlab_steps_and_people_led_innovation():
    assert [p.number for p in series("govlab-data-analytics-culture-steps")] == list(range(1, 11))
    assert [p.number for p in series("people-led-innovation-methodology")] == [
        1,
        2,
        3,
        4,
    ]


BEARING_ON_NO_RECORD = {
    "catalyst-app4-forming-expectations-10",
    "catalyst-app4-problem-framing-03",
    "catalyst-app4-problem-framing-07",
    "catalyst-app4-problem-framing-08",
    "catalyst-app4-role-clarity-07",
    "catalyst-app4-show-benefits-03",
    "catalyst-app4-show-benefits-05",
    "catalyst-app4-show-benefits-07",
    "catalyst-app4-show-benefits-12",
    "catalyst-app4-show-benefits-13",
}


def test_it_cites_every_interview_quote_of_appendix_4():
    text = source_text(REPORT)
    appendix = text[text.index("Appendix 4: Supporting quotes") :]
    in_source = len(re.findall(r"^\s*(?:UN|PU)\s{2,}\S", appendix, flags=re.M))
    quotes = Citation.objects.filter(locator__startswith="Appendix 4 — Concept:")
    assert quotes.count() == in_source == 93
    assert not quotes.filter(Q(speaker_role="") | Q(concept="") | Q(quotation="")).exists()
    roles = Counter(quotes.values_list("speaker_role", flat=True))
    assert roles == {
        "university": len(re.findall(r"^\s*UN\s{2,}", appendix, flags=re.M)),
        "public-sector": len(re.findall(r"^\s*PU\s{2,}", appendix, flags=re.M)),
    }
    # Every quote is held; those whose words bear on no record (the review of
    # their stances found them so) are attached to none, and only those.
    unattached = quotes.annotate(n=Count("challenges") + Count("practices")).filter(n=0)
    assert set(unattached.values_list("key", flat=True)) == BEARING_ON_NO_RECORD


def test_it_holds_the_other_cases_the_report_draws_on():
    slugs = [
        "catalyst-project",
        "institute-of-pharmaco-economics",
        "challenge-gov",
        "smartdubai",
        "datasf-data-quality-guidebook",
        "german-nanoscience-governance-study",
    ]
    assert Case.objects.published().filter(slug__in=slugs).count() == len(slugs)


# -- integrity ---------------------------------------------------------------


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_published_record_has_a_citation(model):
    uncited = model.objects.published().annotate(n=Count("citations")).filter(n=0)
    assert list(uncited.values_list("slug", flat=True)) == []


LINKS = [
    (Challenge, "related"),
    (Practice, "addresses"),
    (Practice, "related"),
    (Case, "exemplifies"),
    (Case, "faced"),
    (Case, "related"),
    (Case, "organisations"),
]


@pytest.mark.parametrize("model, field", LINKS, ids=lambda x: getattr(x, "__name__", x))
def test_every_link_target_exists_and_is_published(model, field):
    for record in model.objects.prefetch_related(field):
        for target in getattr(record, field).all():
            assert target.is_published, f"{record.slug} -> {target.slug}"


def test_no_tag_differs_from_another_only_by_case_or_plural():
    def folded(name):
        name = name.lower()
        return name[:-1] if name.endswith("s") and not name.endswith("ss") else name

    names = list(Tag.objects.values_list("name", flat=True))
    clashes = [n for n, count in Counter(map(folded, names)).items() if count > 1]
    assert clashes == []


def test_every_video_citation_parses_and_lies_within_the_video():
    for citation in Citation.objects.filter(source__kind="video"):
        minutes, hours = timestamps.candidate_readings(citation.timestamp_label)
        assert citation.second in (minutes, hours)
        assert citation.needs_review == (hours is not None)
        # The webinar runs under two hours: no label reads past 1:46:13.
        assert 0 <= citation.second < 2 * 3600


def test_every_anchor_of_the_notes_is_a_citation_with_its_reading():
    notes_text = source_text(NOTES)
    anchors = ANCHOR_RE.findall(notes_text)
    assert (len(anchors), len(set(anchors))) == (59, 58)
    notes = parse_notes(notes_text)
    cited = {
        c.timestamp_label: (c.second, c.needs_review)
        for c in Citation.objects.filter(source__slug=VIDEO_SLUG)
    }
    assert cited == {m.label: (m.second, m.needs_review) for m in notes.moments}


def test_every_report_quotation_is_verbatim_in_the_report():
    text = squeeze(source_text(REPORT))
    for citation in Citation.objects.filter(source__slug=REPORT_SLUG).exclude(quotation=""):
        assert squeeze(citation.quotation) in text, citation.key


def test_every_video_quotation_is_verbatim_in_the_notes():
    text = source_text(NOTES)
    for citation in Citation.objects.filter(source__slug=VIDEO_SLUG).exclude(quotation=""):
        assert citation.quotation in text, citation.key


def test_every_figure_in_a_case_is_in_the_report():
    text = squeeze(source_text(REPORT))
    figure = re.compile(r"[£$]\d[\d.,]*(?:\s?(?:bn|million))?|\d+(?:\.\d+)?%|\d+\+")
    for case in Case.objects.all():
        for found in figure.findall(f"{case.outcomes} {case.body}"):
            assert squeeze(found) in text, f"{case.slug}: {found}"


def test_every_source_is_one_of_the_two_documents():
    assert set(Source.objects.values_list("slug", "kind")) == {
        (VIDEO_SLUG, "video"),
        (REPORT_SLUG, "report"),
    }


def test_every_series_is_used():
    assert not Series.objects.annotate(n=Count("practices")).filter(n=0).exists()
