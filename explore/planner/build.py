"""The plan for one set of answers.

The database ranks the records by ``ranking``'s formulas over the stored
figures (``reads``); then only what the plan shows is fetched: the citations
of its challenges, practices and cases. Nothing unpublished is read.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from cases.models import Case
from challenges.models import Challenge
from collabkb.published.records import citations_prefetch
from collabkb.text.params import clean
from explore.planner import answers as reading
from explore.planner import ranking, reads
from practices.models import Practice

PRACTICES_SHOWN = 6  # for each challenge; its page lists the rest
CASES_SHOWN = 5
STAGE_FIELDS = {stage: f"for_{stage}" for stage in reading.STAGES}


@dataclass
class RankedPractice:
    practice: Practice
    score: int
    parts: dict
    also: list  # the other challenges of the plan it addresses


@dataclass
class PlannedChallenge:
    challenge: Challenge
    proposed: bool
    practices: list = field(default_factory=list)
    more: int = 0  # practices not shown


@dataclass
class AlikeCase:
    case: Case
    score: float
    reasons: list
    did: list  # the practices it shows, those of the plan first


@dataclass
class Plan:
    answers: reading.Answers
    offered: list  # reads.Group: each dimension's challenges the form offers
    countries: list
    find: str = ""  # words of a challenge's title the reader looks for
    found: list = field(default_factory=list)  # reads.Choice: the challenges they name
    challenges: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    checklists: list = field(default_factory=list)  # series that fit the stage
    other_series: list = field(default_factory=list)

    @property
    def proposed(self):
        return any(item.proposed for item in self.challenges)


def _ranked(challenge, plan_ids, stated_only):
    """The best practices addressing one challenge of the plan, and how many do."""
    rows, total = reads.practices_for(challenge, plan_ids, PRACTICES_SHOWN, stated_only)
    ranked = []
    for practice in rows:
        score, parts = ranking.practice_score(practice, practice.others)
        ranked.append(RankedPractice(practice, score, parts, []))
    return ranked, total


def _cases(answers, plan_practices):
    ids = {c.pk for c in answers.challenges}
    names = {c.pk: c.title for c in answers.challenges}
    found = reads.alike_cases(answers, ids, CASES_SHOWN)
    if not found:
        return []
    profiles = reads.profiles(found)
    faced = reads.faced([case.pk for case in found], ids, answers.stated_only)
    reads.with_practices(found, answers.stated_only)
    labels = dict(reading.SECTORS)
    shown = []
    for case in found:
        reasons = ranking.likeness_reasons(profiles[case.pk], answers, labels)
        met = sorted(faced.get(case.pk, ()), key=lambda i: names[i])
        if met:
            reasons.append("faced " + ", ".join(names[i].lower() for i in met))
        practices = sorted(case.practices_shown, key=lambda p: p.pk not in plan_practices)
        shown.append(AlikeCase(case, round(case.score, 2), reasons, practices))
    return shown


def _series(stage):
    series = reads.staged_series()
    if not stage:
        return series, []
    field_name = STAGE_FIELDS[stage]
    return (
        [s for s in series if getattr(s, field_name)],
        [s for s in series if not getattr(s, field_name)],
    )


def make_plan(query):
    countries = reads.countries()
    asked = {clean(v, 120) for v in query.getlist("challenge")[: reading.MOST_VALUES]}
    answers = reading.read(query, reads.challenges(asked - {""}), set(countries))
    plan = Plan(answers, reads.offered(answers.challenges), countries)
    plan.find = clean(query.get("find"), 80)
    if plan.find:
        shown = {choice.slug for group in plan.offered for choice in group.choices}
        plan.found = reads.found(plan.find, shown)
    if not answers.given:
        return plan
    chosen = list(answers.challenges)
    planned = [PlannedChallenge(c, proposed=False) for c in chosen]
    if answers.unsure or not chosen:
        proposed = reads.proposed(answers, {c.pk for c in chosen}, ranking.PROPOSED)
        planned += [PlannedChallenge(c, proposed=True) for c in proposed]
    by_pk = {item.challenge.pk: item.challenge for item in planned}
    shown = []
    for item in planned:
        item.practices, total = _ranked(item.challenge, set(by_pk), answers.stated_only)
        item.more = total - len(item.practices)
        shown += [r.practice for r in item.practices]
    also = reads.also_addressed({p.pk for p in shown}, set(by_pk), answers.stated_only)
    for item in planned:
        for ranked in item.practices:
            others = sorted(also.get(ranked.practice.pk, set()) - {item.challenge.pk})
            ranked.also = [by_pk[i] for i in others]
    prefetch_related_objects(list(by_pk.values()), citations_prefetch())
    prefetch_related_objects(shown, citations_prefetch())  # each challenge's own instances
    plan.challenges = planned
    plan.cases = _cases(answers, {p.pk for p in shown})
    plan.checklists, plan.other_series = _series(answers.stage)
    return plan
