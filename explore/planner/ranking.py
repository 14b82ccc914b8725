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
"""

from dataclasses import dataclass, field

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
