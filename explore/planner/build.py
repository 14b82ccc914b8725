"""The plan for one set of answers, from the evidence ``snapshot`` holds.

``ranking`` scores the records; then only what the plan shows is fetched:
the citations of its challenges and practices, kept on the snapshot's
records for the rest of the content version. Nothing unpublished is read.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from cases.models import Case
from challenges.models import Challenge
from collabkb.records import citations_prefetch
from explore.planner import answers as reading
from explore.planner import ranking, snapshot
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
    offered: list  # (dimension label, challenges)
    countries: list
    challenges: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    checklists: list = field(default_factory=list)  # series that fit the stage
    other_series: list = field(default_factory=list)

    @property
    def proposed(self):
        return any(item.proposed for item in self.challenges)


def _propose(snap, chosen, weights, stage):
    """The challenges the evidence cites most for partnerships like this one."""
    top = max(weights.values(), default=0)
    weight = defaultdict(float)
    if top > 0:
        for case_id, score in weights.items():
            if score < top / 2:
                continue
            for challenge_id in snap.faced.get(case_id, ()):
                weight[challenge_id] += score / top
    candidates = [c for c in snap.challenges if c not in chosen]
    candidates.sort(
        key=lambda c: (-ranking.proposal_score(c, weight[c.pk], stage), c.title_sort, c.slug)
    )
    return candidates[: ranking.PROPOSED]


def _ranked(snap, challenge, plan_ids, by_pk):
    """The practices addressing one challenge of the plan, best first."""
    ranked = []
    for practice_id in snap.addressed_by.get(challenge.pk, ()):
        practice = snap.practices[practice_id]
        others = sorted(snap.addresses[practice_id] & plan_ids - {challenge.pk})
        score, parts = ranking.practice_score(practice, len(others))
        ranked.append(RankedPractice(practice, score, parts, [by_pk[i] for i in others]))
    ranked.sort(key=lambda r: (-r.score, r.practice.title_sort, r.practice.slug))
    return ranked


def _likeness(snap, answers):
    """{case id: score} of every case's likeness, challenges aside."""
    return {
        case_id: ranking.likeness_score(snap.profiles.get(case_id, ranking.Profile()), answers)
        for case_id in set(snap.profiles) | set(snap.faced)
    }


def _cases(snap, answers, alike, plan_practices):
    ids = {c.pk for c in answers.challenges}
    names = {c.pk: c.title for c in answers.challenges}
    scored, met = {}, {}
    for case_id, score in alike.items():
        met[case_id] = sorted(ids & snap.faced.get(case_id, set()), key=lambda i: names[i])
        score += len(met[case_id])
        if score > 0:
            scored[case_id] = score
    if not scored:
        return []
    found = snap.cases
    scored = {i: s for i, s in scored.items() if i in found}
    best = sorted(scored, key=lambda i: (-scored[i], found[i].title_sort, i))[:CASES_SHOWN]
    labels = dict(reading.SECTORS)
    shown = []
    for case_id in best:
        profile = snap.profiles.get(case_id, ranking.Profile())
        reasons = ranking.likeness_reasons(profile, answers, labels)
        if met[case_id]:
            reasons.append("faced " + ", ".join(names[i].lower() for i in met[case_id]))
        practices = sorted(
            found[case_id].exemplifies.all(), key=lambda p: p.pk not in plan_practices
        )
        shown.append(AlikeCase(found[case_id], round(scored[case_id], 2), reasons, practices))
    return shown


def _series(snap, stage):
    if not stage:
        return list(snap.series), []
    field_name = STAGE_FIELDS[stage]
    return (
        [s for s in snap.series if getattr(s, field_name)],
        [s for s in snap.series if not getattr(s, field_name)],
    )


def make_plan(query):
    snap = snapshot.current()
    answers = reading.read(query, {c.slug: c for c in snap.challenges}, set(snap.countries))
    plan = Plan(answers, snap.offered, snap.countries)
    if not answers.given:
        return plan
    chosen = list(answers.challenges)
    planned = [PlannedChallenge(c, proposed=False) for c in chosen]
    alike = _likeness(snap, answers)
    if answers.unsure or not chosen:
        weights = {i: alike[i] for i in snap.profiles}
        proposed = _propose(snap, set(chosen), weights, answers.stage)
        planned += [PlannedChallenge(c, proposed=True) for c in proposed]
    by_pk = {item.challenge.pk: item.challenge for item in planned}
    shown = []
    for item in planned:
        practices = _ranked(snap, item.challenge, set(by_pk), by_pk)
        item.practices = practices[:PRACTICES_SHOWN]
        item.more = len(practices) - len(item.practices)
        shown += [r.practice for r in item.practices]
    # The snapshot's records keep their citations for the rest of the version.
    prefetch_related_objects(list(by_pk.values()), citations_prefetch())
    prefetch_related_objects(list({p.pk: p for p in shown}.values()), citations_prefetch())
    plan.challenges = planned
    plan.cases = _cases(snap, answers, alike, {p.pk for p in shown})
    plan.checklists, plan.other_series = _series(snap, answers.stage)
    return plan
