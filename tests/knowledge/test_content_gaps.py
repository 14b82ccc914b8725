"""What an independent reading of the fixture against the sources found."""

import pytest

from cases.models import Case, Organisation, ProjectExample
from challenges.models import Challenge
from collabkb.models import Citation
from collabkb.text import copies
from collabkb.text.copies import words
from practices.models import Practice
from tests.content import NOTES, REPORT, REPORT_SLUG, source_text, squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

RUN = 8  # consecutive source words that make a copy here (publishing refuses ten)


def runs(found):
    return copies.runs(found, RUN)


def written_texts():
    for model, fields in (
        (Challenge, ("summary", "body")),
        (Practice, ("summary", "body")),
        (Case, ("summary", "body", "aims", "outcomes")),
        (Organisation, ("summary", "body")),
        (ProjectExample, ("summary",)),
    ):
        for record in model.objects.all():
            for field in fields:
                yield f"{record.slug} ({field})", getattr(record, field) or ""


def test_no_summary_aim_outcome_or_body_copies_eight_source_words_unquoted():
    source = runs(words(source_text(REPORT) + "\n" + source_text(NOTES)))
    copied = []
    for where, text in written_texts():
        ours = words(copies.unquoted(text))
        found = [" ".join(run) for run in runs(ours) & source]
        if found:
            copied.append(f"{where}: …{found[0]}…")
    assert copied == []


def test_the_copy_check_finds_a_copied_sentence():
    # The check above must be able to fail: a sentence of Appendix 3, as written.
    text = "The core function should be steady enough to be stable from leader to leader."
    assert runs(words(text)) & runs(words(source_text(REPORT)))
    assert not runs(words(copies.unquoted(f"“{text}”"))) & runs(words(source_text(REPORT)))


def test_the_copy_check_finds_a_nine_word_run_of_the_report():
    # Nine words of the executive summary, as written, in a sentence of ours.
    nine = "enable innovative and far reaching responses to pressing national"
    assert len(nine.split()) == 9 and nine in " ".join(words(source_text(REPORT)))
    report = runs(words(source_text(REPORT)))
    assert runs(words(f"The councils wanted to {nine} problems together.")) & report
    # A word changed in its middle leaves no run of eight.
    changed = nine.replace("far reaching", "wide ranging")
    assert not runs(words(f"The councils wanted to {changed} problems together.")) & report


def test_the_wording_says_only_what_the_notes_say():
    barriers = Challenge.objects.get(slug="procedural-and-legal-barriers")
    assert "abroad" not in barriers.summary and "financial awards" in barriers.summary
    food = Case.objects.get(slug="deep-space-food-challenge")
    assert "across the border" not in food.body and "financial awards" in food.body
    mini = Practice.objects.get(slug="mini-lateralism")
    assert "instead of" not in mini.summary and "relying only on" in mini.summary


def test_the_california_policy_lab_evaluated_a_cdcr_programme_under_a_legislative_mandate():
    case = Case.objects.get(slug="california-policy-lab")
    assert "for the CDCR" not in case.outcomes
    assert "under a mandate from the California Legislature" in case.outcomes
    steps = set(Practice.objects.filter(series__slug="california-policy-lab-governance-process"))
    assert len(steps) == 6 and steps <= set(case.exemplifies.all())


def test_the_california_policy_lab_keeps_its_leadership_funding_and_agenda_setting():
    case = Case.objects.get(slug="california-policy-lab")
    assert "ivory tower" in case.body and "Setting the agenda" in case.body
    assert "philanthropic sector and state government funding" in case.body
    assert "over fourteen policy labs" in case.body
    quoted = case.citations.values_list("quotation", flat=True)
    assert "know how to speak the right language and what research is useful" in quoted
    assert any("over fourteen policy labs" in q for q in quoted)


def test_agility_does_not_address_procedural_and_legal_barriers():
    agility = Practice.objects.get(slug="agility-and-adaptability")
    assert not agility.addresses.filter(slug="procedural-and-legal-barriers").exists()


def test_companies_and_foundations_the_source_does_not_place_have_no_country():
    unplaced = ["huawei", "etisalat", "micron", "cisco", "hp", "intel-corporation", "gic"]
    unplaced += ["macarthur-foundation", "laura-and-john-arnold-foundation"]
    assert set(
        Organisation.objects.filter(slug__in=unplaced).values_list("country", flat=True)
    ) == {""}
    assert Organisation.objects.get(slug="municipality-of-rotterdam").country == "Netherlands"


def test_the_govlab_links_to_its_ten_steps_and_people_led_innovation():
    govlab = Case.objects.get(slug="the-govlab")
    shown = set(govlab.exemplifies.values_list("series__slug", flat=True))
    assert {"govlab-data-analytics-culture-steps", "people-led-innovation-methodology"} <= shown
    assert (
        govlab.exemplifies.filter(series__slug="govlab-data-analytics-culture-steps").count() == 10
    )


def test_each_govlab_step_cites_its_own_place_with_its_phrase():
    text = squeeze(source_text(REPORT))
    for step in Practice.objects.filter(series__slug="govlab-data-analytics-culture-steps"):
        own = step.citations.get(locator=f"Appendix 3 — Step {step.number}")
        assert own.quotation and squeeze(own.quotation) in text, step.slug


def test_the_chicago_centre_works_in_the_netherlands_as_its_summary_says():
    case = Case.objects.get(slug="center-for-data-science-and-public-policy")
    assert "Netherlands" in case.summary
    assert case.places.filter(country="Netherlands").exists()
    assert case.participations.filter(organisation__slug="municipality-of-rotterdam").exists()


def cited_in(slug, model, locator):
    record = model.objects.get(slug=slug)
    assert record.citations.filter(source__slug=REPORT_SLUG, locator=locator).exists()
    return record


def test_the_report_s_missing_parts_are_records_now():
    adoption = cited_in("barriers-to-adopting-ai-in-government", Challenge, "Policy background")
    for barrier in ("processes and norms", "silos", "resources", "collaborative culture"):
        assert barrier in adoption.summary
    assert "DARPA" in adoption.body
    data = "International overview — Barriers and opportunities for collaboration around data"
    turf = cited_in("agency-turf-protection", Challenge, data)
    labs = cited_in("form-policy-labs-and-offices-of-data-analytics", Practice, data)
    assert turf in labs.addresses.all() and "outside government" in labs.body
    points = cited_in("points-for-practitioners", Practice, "Discussion")
    assert points.body.count("\n") == 3  # four points
    implications = cited_in(
        "managerial-implications-of-rod-and-paliwoda",
        Practice,
        "International overview — Managing public-university collaborations",
    )
    assert implications.body.count("\n") == 5  # six implications
    ties = Practice.objects.get(slug="build-trusted-weak-ties")
    assert ties.references == "Hansen (1999)"
    assert Citation.objects.get(key="catalyst-trusted-weak-ties") in ties.citations.all()


def test_the_report_s_first_message_is_a_record_with_its_places():
    fit = Practice.objects.published().get(slug="fit-the-practices-to-your-context")
    quoted = " ".join(fit.citations.values_list("quotation", flat=True))
    assert "are contextual" in quoted and "one-size-fits all" in quoted
    assert "customised managerial responses" in quoted
    # The early-wins finding, where the executive summary states it.
    assert "more early-wins, cooperation, and knowledge transfer" in quoted
    assert set(fit.citations.values_list("locator", flat=True)) == {
        "Executive summary",
        "Conclusion",
    }


def test_the_literature_review_s_challenges_and_strategies_are_records():
    sections = (
        "Literature review — Knowledge transfer",
        "Literature review — Collaborative management",
    )
    challenges = cited_at_any(Challenge, sections)
    assert set(challenges.values_list("slug", flat=True)) == {
        "loss-of-context-when-data-moves-between-organisations",
        "reliance-on-expert-individuals",
        "judging-performance-without-agreed-objectives",
    }
    # The report counts mentions only for the interview barriers of Tables 1-3.
    assert set(challenges.values_list("mentions", flat=True)) == {None}
    strategies = cited_at_any(Practice, sections).filter(kind="management-strategy")
    assert strategies.count() == 6
    store = Practice.objects.get(slug="store-data-with-its-context")
    link = store.addresses_links.get(
        challenge__slug="loss-of-context-when-data-moves-between-organisations"
    )
    assert link.is_stated and link.citations.filter(quotation__contains="is thus a key").exists()


def test_the_california_policy_lab_names_its_directors_and_the_report_s_caveat():
    case = Case.objects.get(slug="california-policy-lab")
    assert "Evan White" in case.body and "Jesse Rothstein" in case.body
    assert "“Berkley” is the report’s spelling" in case.body
    assert "capacity building for government agency employees" in case.body
    assert "whether the CPL worked with department analysts" in case.outcomes
    team = Practice.objects.get(slug="build-a-team-that-represents-both-sides")
    assert case.exemplifies_links.get(practice=team).is_stated


def cited_at_any(model, locators):
    return (
        model.objects.published()
        .filter(citations__source__slug=REPORT_SLUG, citations__locator__in=locators)
        .distinct()
    )
