"""What every plan reads, whatever its answers: the published challenges with
their evidence, the countries with cases, each case's participants and
challenges, the practices that address challenges with their evidence, and
the staged series with their steps.

Built in twelve queries and kept in the process while the content version
(``collabkb.pagecache``) stays the same, like the relationship map's graph: a
write anywhere makes the next plan read it afresh. Its records are shared by
the requests of one version and must only be read.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q

from cases.models import Case, Organisation, Participation
from challenges.kinds import CHALLENGE
from challenges.models import Challenge
from collabkb import evidence, pagecache
from collabkb.models import Citation
from collabkb.records import citations_prefetch, published_links
from explore.planner import ranking
from practices.kinds import PRACTICE
from practices.models import Practice, Series


@dataclass
class Snapshot:
    challenges: list  # published, annotated with ev_citations and ev_sources
    offered: list  # (dimension label, challenges)
    countries: list
    profiles: dict  # case pk -> ranking.Profile
    faced: dict  # case pk -> {challenge pk}
    cases: dict  # case pk -> Case, its citations and published practices prefetched
    practices: dict  # practice pk -> Practice with its evidence figures
    addresses: dict  # practice pk -> {challenge pk}
    addressed_by: dict  # challenge pk -> [practice pk]
    series: list  # staged series, their published steps and citations prefetched


def _offered(challenges):
    groups = defaultdict(list)
    for challenge in challenges:
        groups[challenge.dimension].append(challenge)
    labels = dict(Challenge.Dimension.choices)
    offered = [(labels[d], groups[d]) for d in labels if d in groups]
    if "" in groups:
        offered.append(("Other", groups[""]))
    return offered


def _profiles():
    profiles = defaultdict(ranking.Profile)
    rows = Participation.objects.filter(
        case__status="published", organisation__status="published"
    ).values_list("case_id", "organisation__sector", "organisation__country")
    for case_id, sector, country in rows:
        profiles[case_id].sectors.add(sector)
        if country:
            profiles[case_id].countries.add(country)
    return dict(profiles)


def _pairs(field):
    """{pk: {linked pk}} of the published links of a many-to-many field."""
    found = defaultdict(set)
    for a, b in published_links(field):
        found[a].add(b)
    return dict(found)


def _practices(ids):
    """The practices with the figures of ``ranking.practice_score``."""
    counts = evidence.annotations(PRACTICE)
    quotations = Citation.objects.filter(**{PRACTICE.citing_name: OuterRef("pk")}).exclude(
        speaker_role=""
    )
    practices = (
        Practice.objects.filter(pk__in=ids)
        .select_related("series")
        .annotate(
            n_citations=counts["ev_citations"],
            n_sources=counts["ev_sources"],
            n_quotations=evidence.counted(quotations, Count("pk")),
            n_cases=evidence.counted(
                Case.objects.published().filter(exemplifies=OuterRef("pk")), Count("pk")
            ),
            n_related=evidence.counted(
                Practice.objects.published().filter(related=OuterRef("pk")), Count("pk")
            ),
        )
    )
    return {practice.pk: practice for practice in practices}


def _cases():
    practices = Practice.objects.published().order_by("title_sort")
    cases = Case.objects.published().prefetch_related(
        citations_prefetch(), Prefetch("exemplifies", queryset=practices)
    )
    return {case.pk: case for case in cases}


def _series():
    staged = Q(for_starting=True) | Q(for_running=True) | Q(for_scaling=True)
    steps = Practice.objects.published().order_by("number", "title_sort")
    series = Series.objects.filter(staged).select_related("source").order_by("title")
    series = series.prefetch_related(
        Prefetch("practices", queryset=steps.prefetch_related(citations_prefetch()))
    )
    return [s for s in series if s.practices.all()]  # a checklist needs a published step


def _build():
    challenges = list(
        Challenge.objects.published()
        .annotate(**evidence.annotations(CHALLENGE))
        .order_by("title_sort", "slug")
    )
    countries = list(
        Organisation.objects.published()
        .filter(participations__case__status="published")
        .exclude(country="")
        .values_list("country", flat=True)
        .distinct()
        .order_by("country")
    )
    addresses = _pairs(Practice._meta.get_field("addresses"))
    addressed_by = defaultdict(list)
    for practice_id, challenge_ids in addresses.items():
        for challenge_id in challenge_ids:
            addressed_by[challenge_id].append(practice_id)
    return Snapshot(
        challenges=challenges,
        offered=_offered(challenges),
        countries=countries,
        profiles=_profiles(),
        faced=_pairs(Case._meta.get_field("faced")),
        cases=_cases(),
        practices=_practices(list(addresses)),
        addresses=addresses,
        addressed_by=dict(addressed_by),
        series=_series(),
    )


current = pagecache.per_content_version(_build)
