"""What a practitioner tells the planner, read from the query string.

The whole plan lives in the URL: ``/plan/?sector=public&sector=academic&
scope=domestic&country=United+Kingdom&stage=starting&challenge=role-clarity``.
Anything unknown, stale or excessive is left out with a message saying so;
reading never fails.
"""

from dataclasses import dataclass, field

from cases import scope
from cases.models import Sector
from collabkb.text.params import clean

STAGES = {"starting": "Starting", "running": "Running", "scaling": "Scaling up"}
SCOPES = {key: scope.LABELS[key] for key in (scope.DOMESTIC, scope.CROSS_BORDER)}
SECTORS = dict(Sector.choices)
MOST_CHALLENGES = 10
MOST_COUNTRIES = 10
MOST_VALUES = 50  # values read of one parameter; the rest are not even looked at


# What ``?basis=`` may ask: the links a source states, leaving out our reading.
BASES = {"stated": "Only links a source states"}


@dataclass
class Answers:
    sectors: list = field(default_factory=list)
    scope: str = ""
    countries: list = field(default_factory=list)
    stage: str = ""
    challenges: list = field(default_factory=list)  # published challenges, as asked
    unsure: bool = False
    stated_only: bool = False  # only links a source states (``?basis=stated``)
    messages: list = field(default_factory=list)

    @property
    def given(self):
        """Whether the practitioner has said anything: then there is a plan."""
        return bool(
            self.sectors
            or self.scope
            or self.countries
            or self.stage
            or self.challenges
            or self.unsure
        )

    @property
    def cross_border(self):
        """True, False, or None when the practitioner has not said."""
        if self.scope:
            return self.scope == "cross-border"
        return True if len(self.countries) > 1 else None

    def describe(self):
        """The partnership in a sentence: “A plan for a partnership of … partners, …”."""
        text = "A plan for a partnership"
        if self.sectors:
            names = [SECTORS[s].lower() for s in self.sectors]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            text += f" of {joined} partners"
        if self.scope:
            text += ", " + SCOPES[self.scope].lower()
        if self.countries:
            text += " (" + ", ".join(self.countries) + ")"
        if self.stage:
            text += ", " + STAGES[self.stage].lower()
        return text + "."

    def query(self):
        """The answers as query-string pairs, in a stable order."""
        pairs = [("sector", s) for s in self.sectors]
        pairs += [("scope", self.scope)] if self.scope else []
        pairs += [("country", c) for c in self.countries]
        pairs += [("stage", self.stage)] if self.stage else []
        pairs += [("challenge", c.slug) for c in self.challenges]
        pairs += [("challenge", "not-sure")] if self.unsure else []
        pairs += [("basis", "stated")] if self.stated_only else []
        return pairs


def _values(query, name, limit=120):
    values = [clean(v, limit) for v in query.getlist(name)[:MOST_VALUES]]
    return list(dict.fromkeys(v for v in values if v))


def _one(query, name, choices, what, messages):
    value = clean(query.get(name), 40)
    if value and value not in choices:
        messages.append(f"“{value}” is not a {what} the planner knows: left out.")
        return ""
    return value


def read(query, challenges, countries):
    """Answers from a QueryDict. ``challenges``: {slug: published challenge};
    ``countries``: the countries some published case has a participant in."""
    answers = Answers()
    messages = answers.messages
    for name in ("sector", "country", "challenge"):
        if len(query.getlist(name)) > MOST_VALUES:
            messages.append(
                f"A plan reads at most {MOST_VALUES} “{name}” values: the rest are left out."
            )
    for sector in _values(query, "sector", 40):
        if sector in SECTORS:
            answers.sectors.append(sector)
        else:
            messages.append(f"“{sector}” is not a sector the planner knows: left out.")
    answers.scope = _one(query, "scope", SCOPES, "kind of partnership", messages)
    answers.stage = _one(query, "stage", STAGES, "stage", messages)
    answers.stated_only = _one(query, "basis", BASES, "basis", messages) == "stated"

    asked_countries = _values(query, "country", 80)
    if len(asked_countries) > MOST_COUNTRIES:
        messages.append(
            f"A plan matches on at most {MOST_COUNTRIES} countries: "
            f"the first {MOST_COUNTRIES} are used."
        )
        asked_countries = asked_countries[:MOST_COUNTRIES]
    for country in asked_countries:
        answers.countries.append(country)
        if country not in countries:
            messages.append(
                f"No case in the knowledge base has a participant in “{country}” yet: "
                "the cases below match on the rest of your answers."
            )
    if answers.scope == "domestic" and len(answers.countries) > 1:
        messages.append(
            f"You chose “within one country” and named {len(answers.countries)} countries: "
            "the plan reads the partnership as across borders."
        )
        answers.scope = "cross-border"

    slugs = _values(query, "challenge")
    answers.unsure = "not-sure" in slugs
    slugs = [s for s in slugs if s != "not-sure"]
    for slug in slugs:
        if slug not in challenges:
            messages.append(f"No published challenge “{slug}”: left out.")
    known = [challenges[s] for s in slugs if s in challenges]
    if len(known) > MOST_CHALLENGES:
        messages.append(
            f"A plan covers at most {MOST_CHALLENGES} challenges: "
            f"the first {MOST_CHALLENGES} you chose are used."
        )
        known = known[:MOST_CHALLENGES]
    answers.challenges = known
    return answers
