"""What a plan reads: indexed queries over the stored figures, bounded by
what the plan shows (cases/figures.py keeps the figures as writes change
them; ``ranking`` holds the formulas). Nothing unpublished is read.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from cases.models import SECTOR_BITS, Case, CaseCountry
from challenges.models import Challenge
from collabkb.published.records import citations_prefetch
from explore.planner import ranking
from practices.models import Practice, Series

OFFERED = 12  # challenges of a dimension the form offers; the rest are found by name
FOUND = 20  # challenges found by name
ADDRESSES = Practice.addresses.through
FACED = Case.faced.through
EXEMPLIFIES = Case.exemplifies.through


def _links(through, stated_only):
    """The link rows of ``through``: all, or those a source states."""
    return through.objects.filter(basis="stated") if stated_only else through.objects.all()


class Choice(NamedTuple):
    """A challenge as the form offers it."""

    slug: str
    display_title: str


def countries():
    """The countries some published case has a published participant in."""
    rows = CaseCountry.objects.order_by("country").values_list("country", flat=True)
    return list(rows.distinct())


class Group(NamedTuple):
    """The challenges of a dimension the form offers, and how many more it has."""

    label: str
    choices: list  # Choice, by title
    more: int


def offered(chosen):
    """A ``Group`` for each dimension of the published challenges: its
    ``OFFERED`` most faced and addressed (the stored ``link_count``) and the
    ``chosen`` challenges of it, by title. One query, a few index reads per
    dimension (``_offered_sql``) however many challenges it has."""
    with connection.cursor() as cursor:
        cursor.execute(*_offered_sql())
        rows = cursor.fetchall()
    groups, totals = defaultdict(dict), {}
    for dimension, total, slug, title, shown, title_sort in rows:
        totals[dimension] = total
        groups[dimension][slug] = (title_sort, slug, Choice(slug, shown or title))
    for challenge in chosen:
        groups[challenge.dimension].setdefault(
            challenge.slug,
            (challenge.title_sort, challenge.slug, Choice(challenge.slug, challenge.display_title)),
        )
    labels = {**dict(Challenge.Dimension.choices), "": "Other"}
    found = []
    for dimension, label in labels.items():
        if dimension in groups:
            shown = [choice for *_, choice in sorted(groups[dimension].values())]
            found.append(
                Group(
                    label, shown, totals.get(dimension, 0) - min(totals.get(dimension, 0), OFFERED)
                )
            )
    return found


def _offered_sql():
    """Each dimension's published challenges counted (from the index), and
    its first ``OFFERED`` by ``link_count`` then title: a correlated
    ``LIMIT`` on the (status, dimension, link_count, title_sort) index."""
    name = connection.ops.quote_name
    table = name(Challenge._meta.db_table)
    columns = ", ".join(f"x.{name(c)}" for c in ("slug", "title", "shown_title", "title_sort"))
    sql = (
        f"WITH d AS (SELECT dimension, COUNT(*) AS total FROM {table}"
        " WHERE status = %s GROUP BY dimension)"
        f" SELECT d.dimension, d.total, {columns} FROM d JOIN {table} x ON x.id IN"
        f" (SELECT c.id FROM {table} c WHERE c.status = %s AND c.dimension = d.dimension"
        " ORDER BY c.link_count DESC, c.title_sort, c.id LIMIT %s)"
    )
    return sql, ["published", "published", OFFERED]


def found(text, shown):
    """The first ``FOUND`` published challenges (by title) with ``text`` in
    their title, but those ``shown`` (slugs): Choices."""
    rows = (
        Challenge.objects.published()
        .filter(Q(title__icontains=text) | Q(shown_title__icontains=text))
        .exclude(slug__in=shown)
        .order_by("title_sort", "slug")
        .values_list("slug", "title", "shown_title")[:FOUND]
    )
    return [Choice(slug, shown_title or title) for slug, title, shown_title in rows]


def challenges(slugs):
    """{slug: published challenge} of ``slugs``."""
    return {c.slug: c for c in Challenge.objects.published().filter(slug__in=slugs)}


def practices_for(challenge, plan_ids, most, stated_only=False):
    """The ``most`` best practices addressing ``challenge`` (with ``n_*``
    figures and ``others``: the other plan challenges it addresses), and how
    many address it (by links a source states, if ``stated_only``): one query."""
    addressing = {"addresses_links__challenge": challenge}
    if stated_only:
        addressing["addresses_links__basis"] = "stated"
    others = _links(ADDRESSES, stated_only).filter(
        practice=OuterRef("pk"),
        challenge__in=set(plan_ids) - {challenge.pk},
    )
    others = Coalesce(
        Subquery(others.order_by().values("practice").annotate(n=Count("pk")).values("n")), 0
    )
    rows = (
        Practice.objects.published()
        .filter(**addressing)
        .select_related("series")
        .annotate(
            n_citations=F("citation_count"),
            n_sources=F("source_count"),
            n_quotations=F("quotation_count"),
            n_cases=F("case_count"),
            n_related=F("related_count"),
            others=others,
        )
        .annotate(score=ranking.practice_score_sql(F("others")), total=Window(Count("pk")))
        .order_by("-score", "title_sort", "slug")[:most]
    )
    rows = list(rows)
    return rows, rows[0].total if rows else 0


def also_addressed(practice_ids, plan_ids, stated_only=False):
    """{practice pk: {plan challenge pk it addresses}}: one query."""
    found = defaultdict(set)
    rows = _links(ADDRESSES, stated_only).filter(practice__in=practice_ids, challenge__in=plan_ids)
    for practice_id, challenge_id in rows.values_list("practice_id", "challenge_id"):
        found[practice_id].add(challenge_id)
    return found


def proposed(answers, chosen_ids, most):
    """The ``most`` challenges the evidence points to for partnerships like
    this one (``ranking.proposal_score``), best first: two queries."""
    profiled = Case.objects.published().filter(sector_count__gt=0)
    top = profiled.annotate(likeness=ranking.likeness_sql(answers)).aggregate(
        top=Coalesce(Max("likeness"), 0.0)
    )["top"]
    weight = Value(0.0, output_field=FloatField())
    if top > 0:
        alike = (
            _links(FACED, answers.stated_only)
            .filter(challenge=OuterRef("pk"), case__status="published", case__sector_count__gt=0)
            .annotate(likeness=ranking.likeness_sql(answers, case="case_id", prefix="case__"))
            .filter(likeness__gte=top / 2)
            .order_by()
            .values("challenge")
            .annotate(w=Sum(F("likeness") / top, output_field=FloatField()))
            .values("w")
        )
        weight = Coalesce(Subquery(alike, output_field=FloatField()), 0.0)
    rows = (
        Challenge.objects.published()
        .exclude(pk__in=chosen_ids)
        .annotate(weight=weight)
        .annotate(score=ranking.proposal_score_sql(F("weight"), answers.stage))
        .order_by("-score", "title_sort", "slug")
    )
    return list(rows[:most])


def alike_cases(answers, chosen_ids, most):
    """The ``most`` published cases most like the partnership (likeness and
    the chosen challenges they faced), with ``score``: one query."""
    met = _links(FACED, answers.stated_only).filter(case=OuterRef("pk"), challenge__in=chosen_ids)
    met = Coalesce(Subquery(met.order_by().values("case").annotate(n=Count("pk")).values("n")), 0)
    rows = (
        Case.objects.published()
        .annotate(score=ranking.likeness_sql(answers) + met)
        .order_by("-score", "title_sort", "pk")
    )
    # No score is below 0: those above 0 come first, so the first ``most``
    # less those at 0 are the first ``most`` above 0 (each case's score is
    # worked out once, not again in a WHERE).
    return [case for case in rows[:most] if case.score > 0]


def profiles(cases):
    """{case pk: ranking.Profile} of ``cases`` (with their stored sector
    masks): one query for their countries."""
    found = {
        case.pk: ranking.Profile(
            sectors={s for s, bit in SECTOR_BITS.items() if case.sector_mask & bit}
        )
        for case in cases
    }
    rows = CaseCountry.objects.filter(case__in=list(found)).values_list("case_id", "country")
    for case_id, country in rows:
        found[case_id].countries.add(country)
    return found


def faced(case_ids, challenge_ids, stated_only=False):
    """{case pk: {challenge pk}} of the ``challenge_ids`` the cases faced: one query."""
    found = defaultdict(set)
    rows = _links(FACED, stated_only).filter(case__in=case_ids, challenge__in=challenge_ids)
    for case_id, challenge_id in rows.values_list("case_id", "challenge_id"):
        found[case_id].add(challenge_id)
    return found


def with_practices(cases, stated_only=False):
    """``cases`` with their published practices (``practices_shown``: those
    of links a source states, if ``stated_only``) and citations: two queries."""
    practices = Practice.objects.published().order_by("title_sort")
    rows = _links(EXEMPLIFIES, stated_only).filter(practice__in=practices)
    prefetch = Prefetch(
        "exemplifies_links",
        queryset=rows.select_related("practice").order_by("practice__title_sort"),
    )
    prefetch_related_objects(cases, prefetch, citations_prefetch())
    for case in cases:
        case.practices_shown = [row.practice for row in case.exemplifies_links.all()]
    return cases


def staged_series():
    """The series that fit a stage, with their published steps and the
    steps' citations: three queries (the series are few: a source's)."""
    staged = Q(for_starting=True) | Q(for_running=True) | Q(for_scaling=True)
    steps = Practice.objects.published().order_by("number", "title_sort")
    series = Series.objects.filter(staged).select_related("source").order_by("title")
    series = series.prefetch_related(
        Prefetch("practices", queryset=steps.prefetch_related(citations_prefetch()))
    )
    return [s for s in series if s.practices.all()]  # a checklist needs a published step
