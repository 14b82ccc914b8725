"""The planner's formulas. docs/pages.md ("The planner") gives them in words.

Practices for a challenge are ranked by the strength of their evidence:

    3 × sources citing it + citations + interview quotations among them
    + 2 × published cases that show it + published practices related to it
    + 3 × each other challenge of the plan that it also addresses

Cases are ranked by how like the practitioner's partnership they are:

    4 × the overlap of sectors (shared ÷ all, of the case's participants and
        the partners named)
    + 2 if both are within one country, or both across borders
    + 2 × countries in common (at most 2 counted)
    + 1 × each challenge the practitioner chose that the case faced

"Not sure" proposes the challenges with the highest

    6 × the cases like theirs that faced it (each case weighted by its
        likeness, without the challenge term, ÷ the likeness of the most alike
        case; cases less than half as alike as that one are left out)
    + interview mentions ÷ 3 (the report's tables) + sources citing it
    + 4 for a challenge of the Scaling dimension when the partnership is scaling

Ties go to the title, A to Z.

Each formula is here twice: in Python, for the parts and reasons a plan
shows of the few records it names, and as an SQL expression over the stored
figures (cases/figures.py), with which the database ranks every record.
The two compute the same numbers in the same order.
"""

import functools
import operator
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Least
from django.db.models.lookups import GreaterThan

from cases.models import SECTOR_BITS, CaseCountry

PROPOSED = 5  # challenges proposed for "not sure"


@dataclass
class Profile:
    """A case as the planner compares it: its participants' sectors and countries."""

    sectors: set = field(default_factory=set)
    countries: set = field(default_factory=set)

    @property
    def cross_border(self):
        return len(self.countries) > 1


def practice_score(practice, other_challenges):
    """(score, its parts) of a practice annotated by ``build``."""
    parts = {
        "sources": practice.n_sources,
        "citations": practice.n_citations,
        "interview_quotations": practice.n_quotations,
        "cases": practice.n_cases,
        "related_practices": practice.n_related,
        "other_challenges_of_the_plan": other_challenges,
    }
    score = (
        3 * parts["sources"]
        + parts["citations"]
        + parts["interview_quotations"]
        + 2 * parts["cases"]
        + parts["related_practices"]
        + 3 * other_challenges
    )
    return score, parts


def likeness_score(profile, answers):
    """A case's likeness to the partnership, without challenges (its reasons:
    ``likeness_reasons``; a plan scores every case and names the reasons of
    the few it shows)."""
    score = 0.0
    if answers.sectors and profile.sectors:
        wanted = set(answers.sectors)
        shared = wanted & profile.sectors
        if shared:
            score += 4 * len(shared) / len(wanted | profile.sectors)
    if answers.cross_border is not None and profile.countries:
        if profile.cross_border == answers.cross_border:
            score += 2
    shared_countries = set(answers.countries) & profile.countries
    if shared_countries:
        score += 2 * min(2, len(shared_countries))
    return score


def likeness_reasons(profile, answers, sector_labels):
    """Why ``likeness_score`` finds the case alike, in words."""
    reasons = []
    shared = set(answers.sectors) & profile.sectors
    if shared:
        names = ", ".join(sector_labels[s].lower() for s in sorted(shared))
        reasons.append(f"partners from {names}")
    if answers.cross_border is not None and profile.countries:
        if profile.cross_border == answers.cross_border:
            reasons.append("across borders" if profile.cross_border else "within one country")
    shared_countries = sorted(set(answers.countries) & profile.countries)
    if shared_countries:
        reasons.append("in " + ", ".join(shared_countries))
    return reasons


def proposal_score(challenge, case_weight, stage):
    """How strongly the evidence points to a challenge for "not sure"."""
    score = 6 * case_weight + (challenge.mentions or 0) / 3 + challenge.ev_sources
    if stage == "scaling" and challenge.dimension == "scaling":
        score += 4
    return score


def _float(expression):
    return Cast(expression, output_field=FloatField())


def practice_score_sql(other_challenges):
    """``practice_score`` of a Practice queryset's rows; ``other_challenges``:
    an expression of the plan's other challenges the practice addresses."""
    return (
        3 * F("source_count")
        + F("citation_count")
        + F("quotation_count")
        + 2 * F("case_count")
        + F("related_count")
        + 3 * other_challenges
    )


def likeness_sql(answers, case="pk", prefix=""):
    """``likeness_score`` of a queryset's cases: ``case`` names the case's pk
    and ``prefix`` the path to its fields (``case__`` from a link table)."""
    terms = []
    if answers.sectors:
        mask = F(f"{prefix}sector_mask")
        shared = functools.reduce(
            operator.add,
            (
                Choose(
                    When(GreaterThan(mask.bitand(SECTOR_BITS[s]), 0), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for s in sorted(set(answers.sectors))
            ),
        )
        union = F(f"{prefix}sector_count") + len(set(answers.sectors)) - shared
        terms.append(
            Choose(
                When(GreaterThan(shared, 0), then=_float(4 * shared) / union),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    if answers.cross_border is not None:
        alike = (
            {f"{prefix}country_count__gt": 1}
            if answers.cross_border
            else {f"{prefix}country_count": 1}
        )
        terms.append(Choose(When(**alike, then=Value(2.0)), default=Value(0.0)))
    if answers.countries:
        shared = CaseCountry.objects.filter(case=OuterRef(case), country__in=answers.countries)
        n = Coalesce(
            Subquery(
                shared.order_by().values("case").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
        # 2 * min(2, shared): the subquery once per case, not once per branch
        terms.append(_float(Least(n, Value(2)) * 2))
    return functools.reduce(operator.add, terms, Value(0.0, output_field=FloatField()))


def proposal_score_sql(case_weight, stage):
    """``proposal_score`` of a Challenge queryset's rows; ``case_weight``: an
    expression of the weight of the alike cases that faced it."""
    score = 6 * case_weight + _float(Coalesce(F("mentions"), 0)) / 3 + F("source_count")
    if stage == "scaling":
        score = score + Choose(When(dimension="scaling", then=Value(4.0)), default=Value(0.0))
    return score
