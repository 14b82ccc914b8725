"""The stored figures of cases, practices and challenges that the planner and the world
map read (``collabkb.figures`` calls ``update`` on every refresh).

A case's participants as the planner compares them: the sectors (a bit each,
``SECTOR_BITS``) and how many, how many countries, whether it works across
borders (``cases.scope``), and a ``CaseCountry`` row per country, for
published cases and published organisations only. A
practice's evidence beyond what every record stores: its interview
quotations, the published cases that show it, its published related practices;
and, as the sources give them, the challenges a source pairs it with and the
cases a source says show it. A challenge's: the practices a source pairs with
it and the cases a source says faced it (``collabkb.published.evidence``).
"""

from django.db.models import Case as Choose
from django.db.models import Count, OuterRef, Q, Sum, Value, When

from cases import scope
from cases.models import SECTOR_BITS, Case, CaseCountry, Participation
from challenges.models import Challenge
from collabkb import figures
from collabkb.models import Citation
from collabkb.published import evidence
from practices.models import Practice

BATCH = 2000  # country rows written a time


def _published_participations():
    return Participation.objects.filter(case__status="published", organisation__status="published")


def _case_figures():
    rows = _published_participations().filter(case=OuterRef("pk"))
    bits = Choose(
        *(
            When(organisation__sector=sector, then=Value(bit))
            for sector, bit in SECTOR_BITS.items()
        ),
        default=Value(0),
    )
    # A blank sector or country is one the source does not give: not counted.
    sectors = Count("organisation__sector", distinct=True, filter=~Q(organisation__sector=""))
    countries = Count("organisation__country", distinct=True, filter=~Q(organisation__country=""))
    return {
        "sector_mask": evidence.counted(rows, Sum(bits, distinct=True)),
        "sector_count": evidence.counted(rows, sectors),
        "country_count": evidence.counted(rows, countries),
        "cross_border": scope.stored(rows),
    }


def _related_either_way():
    """The practices related to the outer one, by a row either way: a link
    added to a symmetrical relation signals before its mirror row is written."""
    rows = Practice.related.through.objects
    to = rows.filter(from_practice=OuterRef(OuterRef("pk"))).values("to_practice")
    back = rows.filter(to_practice=OuterRef(OuterRef("pk"))).values("from_practice")
    return Q(pk__in=to) | Q(pk__in=back)


def _practice_figures():
    quotations = Citation.objects.filter(practices=OuterRef("pk")).exclude(speaker_role="")
    return {
        "quotation_count": evidence.counted(quotations, Count("pk")),
        "case_count": evidence.counted(
            Case.objects.published().filter(exemplifies=OuterRef("pk")), Count("pk")
        ),
        "related_count": evidence.counted(
            Practice.objects.published().filter(_related_either_way()), Count("pk")
        ),
        "paired_count": evidence.counted(evidence.stated_links(Practice, "addresses"), Count("pk")),
        "stated_case_count": evidence.counted(
            evidence.stated_links(Practice, "exemplified_by"), Count("pk")
        ),
    }


def _challenge_figures():
    return {
        "paired_count": evidence.counted(
            evidence.stated_links(Challenge, "addressed_by"), Count("pk")
        ),
        "stated_case_count": evidence.counted(
            evidence.stated_links(Challenge, "faced_by"), Count("pk")
        ),
    }


def _countries(case_pks):
    """Write the CaseCountry rows of ``case_pks`` (None: every case) again."""
    rows = _published_participations().exclude(organisation__country="")
    old = CaseCountry.objects.all()
    if case_pks is not None:
        rows, old = rows.filter(case__in=case_pks), old.filter(case__in=case_pks)
    old.delete()
    pairs = rows.values_list("case_id", "organisation__country").distinct().order_by()
    batch = []
    for case_id, country in pairs.iterator(chunk_size=BATCH):
        batch.append(CaseCountry(case_id=case_id, country=country))
        if len(batch) >= BATCH:
            CaseCountry.objects.bulk_create(batch)
            batch = []
    CaseCountry.objects.bulk_create(batch)


@figures.register
def update(records):
    """The figures of the cases, practices and challenges in ``records`` (None: all)."""
    if records is None:
        Case.objects.update(**_case_figures())
        Practice.objects.update(**_practice_figures())
        Challenge.objects.update(**_challenge_figures())
        _countries(None)
        return
    for chunk in figures.chunks(records.get(Case, ())):
        Case.objects.filter(pk__in=chunk).update(**_case_figures())
        _countries(chunk)
    for chunk in figures.chunks(records.get(Practice, ())):
        Practice.objects.filter(pk__in=chunk).update(**_practice_figures())
    for chunk in figures.chunks(records.get(Challenge, ())):
        Challenge.objects.filter(pk__in=chunk).update(**_challenge_figures())
