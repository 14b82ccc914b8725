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
from explore.planner import checklist, ranking, reads
from practices.models import Practice

PRACTICES_SHOWN = 6  # for each challenge; its page lists the rest
CASES_SHOWN = 5
STAGE_FIELDS = {stage: f"for_{stage}" for stage in reading.STAGES}


@dataclass
class RankedPractice:
    """A practice for a challenge of the plan, with what puts it there."""

    practice: Practice
    basis: int  # ranking.PAIRED, STATED or OURS: its link to the challenge
    fit: float
    reason: str  # the link's reason, for our reading
    setting_sources: list  # the names of the sources of the setting stating it
    setting_cases: int  # the cases of the setting a source says show it
    places: list = field(default_factory=list)  # the places stating the link
    also: list = field(default_factory=list)  # the other challenges of the plan it addresses

    @property
    def place_labels(self):
        """The labels of the places stating the link, each once (“Conclusion”
        may be cited twice, for two passages)."""
        return list(dict.fromkeys(place.place_label for place in self.places))

    @property
    def basis_name(self):
        return {ranking.PAIRED: "paired", ranking.STATED: "stated"}.get(self.basis, "ours")


@dataclass
class PlannedChallenge:
    challenge: Challenge
    proposed: bool
    practices: list = field(default_factory=list)
    more: int = 0  # practices not shown
    setting_sources: list = field(default_factory=list)  # for a proposed one: why
    setting_cases: int = 0


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
    setting: ranking.Setting = field(default_factory=ranking.Setting)
    contextual: Practice = None  # the practice every plan shows first, if published
    find: str = ""  # words of a challenge's title the reader looks for
    found: list = field(default_factory=list)  # reads.Choice: the challenges they name
    challenges: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    checklists: list = field(default_factory=list)  # series that fit the stage
    checklist: list = field(default_factory=list)  # checklist.Step: their steps, as one list
    setting_first: bool = False  # whether steps at one place put a series of the setting first
    other_series: list = field(default_factory=list)

    @property
    def proposed(self):
        return any(item.proposed for item in self.challenges)


def _ranked(challenge, plan_ids, answers, setting):
    """The best practices addressing one challenge of the plan, and how many do."""
    rows, total = reads.practices_for(challenge, plan_ids, PRACTICES_SHOWN, answers, setting)
    ranked = []
    for practice in rows:
        ranked.append(
            RankedPractice(
                practice,
                basis=practice.basis_rank,
                fit=round(practice.fit, 2),
                reason=practice.link_reason or "",
                setting_sources=reads.sources_of_setting(practice, setting),
                setting_cases=practice.n_setting_cases,
            )
        )
    return ranked, total


def _places(link, practice, challenge, basis):
    """The public places stating ``link``: for a pairing, those both records cite."""
    if link is None or basis == ranking.OURS:
        return []
    places = list(link.citations.all())
    if basis == ranking.PAIRED:
        both = {c.pk for c in practice.citations.all()} & {c.pk for c in challenge.citations.all()}
        places = [c for c in places if c.pk in both] or places
    return places


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
    plan.setting = setting = reads.setting(answers)
    plan.contextual = reads.contextual()
    chosen = list(answers.challenges)
    planned = [PlannedChallenge(c, proposed=False) for c in chosen]
    if answers.unsure or not chosen:
        proposed = reads.proposed(answers, {c.pk for c in chosen}, ranking.PROPOSED, setting)
        planned += [
            PlannedChallenge(
                c,
                proposed=True,
                setting_sources=reads.sources_of_setting(c, setting),
                setting_cases=c.n_setting_cases,
            )
            for c in proposed
        ]
    by_pk = {item.challenge.pk: item.challenge for item in planned}
    shown = []
    for item in planned:
        item.practices, total = _ranked(item.challenge, set(by_pk), answers, setting)
        item.more = total - len(item.practices)
        shown += [r.practice for r in item.practices]
    links = reads.links_shown({p.pk for p in shown}, set(by_pk), answers.stated_only)
    prefetch_related_objects(list(by_pk.values()), citations_prefetch())
    # each challenge's own instances, and the practice every plan shows
    extra = [plan.contextual] if plan.contextual else []
    prefetch_related_objects(shown + extra, citations_prefetch())
    for item in planned:
        challenge = item.challenge
        for ranked in item.practices:
            practice = ranked.practice
            ranked.places = _places(
                links.get((practice.pk, challenge.pk)), practice, challenge, ranked.basis
            )
            others = {c for p, c in links if p == practice.pk} - {challenge.pk}
            ranked.also = sorted((by_pk[i] for i in others), key=lambda c: c.title_sort)
    plan.challenges = planned
    plan.cases = _cases(answers, {p.pk for p in shown})
    plan.checklists, plan.other_series = _series(answers.stage)
    for series in plan.checklists + plan.other_series:
        # A checklist from a source of another setting says so (the webinar gives no steps).
        series.unlike_setting = setting.given and not setting.weights.get(series.source_id)
    plan.checklists.sort(key=lambda series: series.unlike_setting)  # those of the setting first
    plan.checklist = checklist.merged(plan.checklists)
    plan.setting_first = len({series.unlike_setting for series in plan.checklists}) > 1
    return plan
