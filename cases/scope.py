"""Whether a case works across borders: one rule, for every page that says so.

A case is *cross-border* when its published participants come from more than
one country or include an international body (an organisation of the sector
"International body", which has no country). It works *within one country*
when its published participants with a country all have the same one and
none is an international body. Otherwise its participants do not say where
it works, and it is neither.

The rule is worked out here once, when a write changes a case or its
participants, into the stored figure ``Case.cross_border`` (``stored``,
called by cases/figures.py next to ``country_count``). The world map, the
case list's filter, compare and the planner read that figure: in SQL through
``across`` and ``within``, for a case already read through ``of``.
"""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Q
from django.db.models.lookups import GreaterThan

from cases.models import Sector
from collabkb.published import evidence

CROSS_BORDER, DOMESTIC = "cross-border", "domestic"
LABELS = {CROSS_BORDER: "Across borders", DOMESTIC: "Within one country"}
UNKNOWN = "Not known: the sources give none of its participants a country"


def stored(participations):
    """The value of ``Case.cross_border``: ``participations`` the outer case's
    published participations of published organisations (correlated)."""
    international = participations.filter(organisation__sector=Sector.INTERNATIONAL)
    placed = participations.exclude(organisation__country="")
    countries = evidence.counted(placed, Count("organisation__country", distinct=True))
    return ExpressionWrapper(
        Q(Exists(international)) | Q(GreaterThan(countries, 1)), output_field=BooleanField()
    )


def across(prefix=""):
    """The cases that work across borders; ``prefix`` the path to the case
    (``case__`` from a link table)."""
    return Q(**{f"{prefix}cross_border": True})


def within(prefix=""):
    """The cases that work within one country."""
    return Q(**{f"{prefix}cross_border": False, f"{prefix}country_count": 1})


def of(case):
    """CROSS_BORDER, DOMESTIC or "" (not known) of a case read with its
    stored figures: what ``across`` and ``within`` select."""
    if case.cross_border:
        return CROSS_BORDER
    return DOMESTIC if case.country_count == 1 else ""


def label(case):
    """Where ``case`` works, in words."""
    return LABELS.get(of(case), UNKNOWN)
