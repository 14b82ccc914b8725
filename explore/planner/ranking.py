"""The planner's formulas. docs/pages.md ("The planner") gives them in words,
templates/about/method.html in plain words for readers.

The partnership's *setting* is its sectors and whether it works across
borders. A case's setting likeness (``setting_sql``) is

    4 × the overlap of sectors (shared ÷ all, of the case's participants and
        the partners named)
    + 2 if both are within one country, or both across borders (a case's
        scope: ``cases.scope``)

A case is *of the setting* when it works at the partnership's scope (across
borders or within one country, when the partnership says) and its setting
likeness is at least half the highest of any published case. A source's
setting weight is the share of its cases (those it is cited by) that are of
the setting, ÷ the highest share of any source; a source under half of that
weighs 0. When the partnership gives no sector and no scope every case and
every source weighs 1.

Practices for a challenge are ranked first by the basis of their link to it:

    2  a source pairs them: the link is stated, and a place it cites is
       cited by both records (a table row giving the strategy for the barrier)
    1  a source states the link otherwise (a sentence)
    0  our reading

then, within a basis, by their fit:

    3 × the setting weights of the sources that state the practice
    + 2 × the cases of the setting that a source says show it (each its
        setting likeness ÷ the highest; without a setting, 1 each)
    + 3 × each other challenge of the plan that it also addresses

"Not sure" proposes the challenges with the highest

    6 × the cases of the setting that faced it (each its setting likeness ÷
        the highest; a link of our reading counts half)
    + the setting weights of the sources stating it × (3 + interview
        mentions ÷ 3, the report's tables, + each practice a source pairs
        with it)
    + 4 for a challenge of the Scaling dimension when the partnership is scaling

Without a setting, no case counts there and each source stating it weighs 1.

Cases like the partnership ("Cases like yours") are ranked by their setting
likeness + 2 × countries in common (at most 2 counted) + 1 × each challenge
the practitioner chose that the case faced.

Citations and quotations are not counted: they are how CollabKB files the
sources, not what the sources give. Ties go to the title, A to Z.

The formulas are here as SQL expressions over the stored figures
(cases/figures.py, collabkb/published/evidence.py), with which the database
ranks every record, and the reasons a plan gives for the few it shows are
read from the same annotations (``build``).
"""

import functools
import operator
from dataclasses import dataclass, field

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.db.models.lookups import GreaterThan

from cases import scope
from cases.models import SECTOR_BITS, CaseCountry

PROPOSED = 5  # challenges proposed for "not sure"
PAIRED, STATED, OURS = 2, 1, 0  # the basis of a practice's link to a challenge


@dataclass
class Profile:
    """A case as the planner compares it: its participants' sectors and
    countries, and its scope (``cases.scope``: across borders, within one
    country, or "" not known)."""

    sectors: set = field(default_factory=set)
    countries: set = field(default_factory=set)
    scope: str = ""


@dataclass
class Setting:
    """What the plan weighs evidence by: the highest setting likeness of any
    case, and each source's weight ({source pk: 0 to 1})."""

    top: float = 0.0
    weights: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)  # {source pk: its short name}

    @property
    def given(self):
        return self.top > 0


def has_setting(answers):
    return bool(answers.sectors) or answers.cross_border is not None


def likeness_reasons(profile, answers, sector_labels):
    """Why a case is like the partnership, in words."""
    reasons = []
    shared = set(answers.sectors) & profile.sectors
    if shared:
        names = ", ".join(sector_labels[s].lower() for s in sorted(shared))
        reasons.append(f"partners from {names}")
    if answers.cross_border is not None and profile.scope:
        if (profile.scope == scope.CROSS_BORDER) == answers.cross_border:
            reasons.append(scope.LABELS[profile.scope].lower())
    shared_countries = sorted(set(answers.countries) & profile.countries)
    if shared_countries:
        reasons.append("in " + ", ".join(shared_countries))
    return reasons


def source_weights(shares):
    """{source pk: weight} from {source pk: share of its cases of the setting}."""
    best = max(shares.values(), default=0)
    if best <= 0:
        return {pk: 0.0 for pk in shares}
    weights = {}
    for pk, share in shares.items():
        weight = share / best
        weights[pk] = weight if weight >= 0.5 else 0.0
    return weights


def same_scope(answers, prefix=""):
    """The filter of the cases working at the partnership's scope (none when
    it does not say)."""
    if answers.cross_border is None:
        return Q()
    return scope.across(prefix) if answers.cross_border else scope.within(prefix)


def _float(expression):
    return Cast(expression, output_field=FloatField())


def setting_sql(answers, prefix=""):
    """A queryset's cases' setting likeness: ``prefix`` the path to the
    case's fields (``case__`` from a link table)."""
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
        alike = same_scope(answers, prefix)
        terms.append(Choose(When(alike, then=Value(2.0)), default=Value(0.0)))
    return functools.reduce(operator.add, terms, Value(0.0, output_field=FloatField()))


def likeness_sql(answers, case="pk", prefix=""):
    """A queryset's cases' likeness to the partnership (without challenges):
    setting likeness + 2 × countries in common, two at most."""
    score = setting_sql(answers, prefix)
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
        score = score + _float(Least(n, Value(2)) * 2)
    return score


def stated_by(attachments, source_pk):
    """Whether the outer record has a place of ``source_pk`` supporting it."""
    return Exists(attachments.filter(citation__source_id=source_pk))


def source_fit_sql(attachments, setting):
    """The setting weights of the sources stating the outer record:
    ``attachments`` its supporting citation attachments (correlated)."""
    terms = [
        Choose(When(stated_by(attachments, pk), then=Value(weight)), default=Value(0.0))
        for pk, weight in sorted(setting.weights.items())
        if weight > 0
    ]
    return functools.reduce(operator.add, terms, Value(0.0, output_field=FloatField()))


def basis_sql():
    """PAIRED, STATED or OURS of a practice's link to the challenge, from a
    queryset's annotations ``link_basis`` (the link's basis) and ``paired``
    (whether a place the link cites is cited by both records)."""
    return Choose(
        When(paired=True, then=Value(PAIRED)),
        When(link_basis="stated", then=Value(STATED)),
        default=Value(OURS),
        output_field=IntegerField(),
    )


def practice_fit_sql(source_fit, case_fit, other_challenges):
    """A practice's fit, within its basis."""
    return 3 * source_fit + 2 * case_fit + 3 * _float(other_challenges)


def proposal_score_sql(case_weight, source_fit, stage):
    """A challenge's score for "not sure"."""
    score = 6 * case_weight + source_fit * (
        3 + _float(Coalesce(F("mentions"), 0)) / 3 + _float(F("paired_count"))
    )
    if stage == "scaling":
        score = score + Choose(When(dimension="scaling", then=Value(4.0)), default=Value(0.0))
    return score
