"""What a plan reads: indexed queries over the stored figures, bounded by
what the plan shows (cases/figures.py keeps the figures as writes change
them; ``ranking`` holds the formulas). Nothing unpublished is read.
"""

from collections import defaultdict
from dataclasses import replace
from typing import NamedTuple

from django.db import connection
from django.db.models import Case as Choose
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from cases import scope
from cases.models import SECTOR_BITS, Case, CaseCitation, CaseCountry
from challenges.models import Challenge, ChallengeCitation
from collabkb import prepared
from collabkb.models import Citation
from collabkb.published.records import CITATION_ORDER, citations_prefetch
from explore.planner import ranking
from practices.models import Practice, PracticeCitation, Series

# The practice every plan shows first: the report's message that these
# practices work by context, to be fitted to each partnership's own.
CONTEXTUAL = "fit-the-practices-to-your-context"
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


def setting(answers):
    """The plan's ``ranking.Setting``: the highest setting likeness of a
    published case, and the weight of each source (by the share of its cases
    of the setting), with the sources' names: two queries, none when the
    partnership gives no setting."""
    if not ranking.has_setting(answers):
        return ranking.Setting()
    key = _answers_key(answers)
    [(top,)] = prepared.rows(_top_query, (), (answers,), key=key) or [(0.0,)]
    if not top or top <= 0:
        return ranking.Setting()
    rows = prepared.rows(_shares_query, (), (answers, top), key=(key, top))
    shares, names = {}, {}
    for pk, short_name, title, n, n_alike in rows:
        if n:
            shares[pk] = n_alike / n
            names[pk] = short_name or title
    return ranking.Setting(top, ranking.source_weights(shares), names)


def _profiled():
    return Case.objects.published().filter(sector_count__gt=0)


def _top_query(answers):
    """The highest setting likeness of a published case."""
    rows = _profiled().annotate(likeness=ranking.setting_sql(answers))
    return rows.order_by(F("likeness").desc(nulls_last=True)).values_list("likeness")[:1]


def _shares_query(answers, top):
    """For each source: how many profiled cases it cites, and how many of
    those are of the setting (one grouped pass over the profiled cases'
    citations; a source no profiled case cites is left out)."""
    likeness = ranking.setting_sql(answers, prefix="case__")
    alike = ranking.same_scope(answers, prefix="case__") & Q(GreaterThanOrEqual(likeness, top / 2))
    rows = CaseCitation.objects.filter(case__status="published", case__sector_count__gt=0)
    rows = rows.values_list(
        "citation__source", "citation__source__short_name", "citation__source__title"
    )
    rows = rows.annotate(
        n=Count("case", distinct=True), alike=Count("case", distinct=True, filter=alike)
    )
    return rows.order_by("citation__source")


def _sum(rows, expression):
    """The sum of ``expression`` over ``rows`` (a correlated queryset), 0 for none."""
    rows = rows.order_by().annotate(group=Value(1)).values("group")
    return Coalesce(
        Subquery(rows.annotate(n=Sum(expression, output_field=FloatField())).values("n")),
        0.0,
        output_field=FloatField(),
    )


def _of_setting(links, answers, setting):
    """The link rows to cases of the setting, each with ``likeness`` (of the setting)."""
    return (
        links.filter(case__status="published", case__sector_count__gt=0)
        .filter(ranking.same_scope(answers, prefix="case__"))
        .annotate(likeness=ranking.setting_sql(answers, prefix="case__"))
        .filter(likeness__gte=setting.top / 2)
    )


def _flag_names(setting):
    """The names of ``_source_flags``' annotations, in order."""
    return tuple(f"stated_by_{pk}" for pk, weight in sorted(setting.weights.items()) if weight > 0)


def _source_flags(attachments, setting):
    """{annotation name: whether the outer record is stated by that source}
    for each source of the setting (a weight above 0)."""
    return {
        f"stated_by_{pk}": ranking.stated_by(attachments, pk)
        for pk, weight in sorted(setting.weights.items())
        if weight > 0
    }


def sources_of_setting(record, setting):
    """The names of the sources of the setting that state ``record`` (annotated)."""
    return [
        setting.names[pk]
        for pk, weight in sorted(setting.weights.items())
        if weight > 0 and getattr(record, f"stated_by_{pk}", False)
    ]


def practices_for(challenge, plan_ids, most, answers, setting):
    """The ``most`` best practices addressing ``challenge`` (with ``basis``
    of their link, ``fit`` and its parts, and ``others``: the other plan
    challenges it addresses), and how many address it (by links a source
    states, if ``answers.stated_only``): one query, prepared once for each
    kind of partnership (its SQL differs only in the challenges)."""
    others = sorted(set(plan_ids) - {challenge.pk}) or [0]
    found = prepared.records(
        Practice,
        _practices_query,
        (challenge.pk, others),
        (answers, setting, most),
        related=("series",),
        extra=_practice_figures(setting),
        key=(_answers_key(answers), _setting_key(setting), most),
    )
    return found, found[0].total if found else 0


def _answers_key(answers):
    """What of ``answers`` the planner's SQL depends on, hashable (the
    countries only help find cases like the partnership, in Python)."""
    return (
        tuple(sorted(set(answers.sectors))),
        answers.scope,
        answers.stage,
        answers.stated_only,
        answers.cross_border,
    )


def _setting_key(setting):
    return (setting.top, tuple(sorted(setting.weights.items())))


def _practice_figures(setting):
    """The annotations ``_practices_query`` gives each practice, in order."""
    flags = _flag_names(setting)
    fit = ("source_fit", "case_fit", "n_setting_cases", *(flags if setting.given else ()))
    return ("link_basis", "link_reason", "paired", "others", *fit, "basis_rank", "fit", "total")


def _practices_query(answers, setting, most, challenge, plan_others):
    stated_only = answers.stated_only
    addressing = {"addresses_links__challenge": challenge}
    if stated_only:
        addressing["addresses_links__basis"] = "stated"
    link = ADDRESSES.objects.filter(practice=OuterRef("pk"), challenge=challenge)
    places = ADDRESSES.citations.through.objects.filter(
        addressing__practice=OuterRef("pk"),
        addressing__challenge=challenge,
        addressing__basis="stated",
        citation__in=ChallengeCitation.objects.filter(challenge=challenge).values("citation"),
    ).filter(
        citation__in=PracticeCitation.objects.filter(practice=OuterRef(OuterRef("pk"))).values(
            "citation"
        )
    )
    others = _links(ADDRESSES, stated_only).filter(
        practice=OuterRef("pk"), challenge__in=plan_others
    )
    others = Coalesce(
        Subquery(others.order_by().values("practice").annotate(n=Count("pk")).values("n")), 0
    )
    supporting = PracticeCitation.objects.filter(practice=OuterRef("pk"), stance="supports")
    if setting.given:
        cases = _of_setting(
            EXEMPLIFIES.objects.filter(practice=OuterRef("pk"), basis="stated"), answers, setting
        )
        fit = {
            "source_fit": ranking.source_fit_sql(supporting, setting),
            "case_fit": _sum(cases, F("likeness") / setting.top),
            "n_setting_cases": _count_rows(cases),
            **_source_flags(supporting, setting),
        }
    else:
        fit = {
            "source_fit": Cast(F("stated_source_count"), FloatField()),
            "case_fit": Cast(F("stated_case_count"), FloatField()),
            "n_setting_cases": F("stated_case_count"),
        }
    return (
        Practice.objects.published()
        .filter(**addressing)
        .annotate(
            link_basis=Subquery(link.values("basis")[:1]),
            link_reason=Subquery(link.values("reason")[:1]),
            paired=Exists(places),
            others=others,
            **fit,
        )
        .annotate(
            basis_rank=ranking.basis_sql(),
            fit=ranking.practice_fit_sql(F("source_fit"), F("case_fit"), F("others")),
            total=Window(Count("pk")),
        )
        .order_by("-basis_rank", "-fit", "title_sort", "slug")[:most]
    )


def _count_rows(rows):
    rows = rows.order_by().annotate(group=Value(1)).values("group")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def links_shown(practice_ids, plan_ids, stated_only=False):
    """{(practice pk, challenge pk): link} of the plan's challenges the shown
    practices address, each link with the public places stating it: two queries."""
    rows = _links(ADDRESSES, stated_only).filter(practice__in=practice_ids, challenge__in=plan_ids)
    citations = Citation.objects.public().select_related("source").order_by(*CITATION_ORDER)
    rows = rows.prefetch_related(Prefetch("citations", queryset=citations))
    return {(row.practice_id, row.challenge_id): row for row in rows}


def proposed(answers, chosen_ids, most, setting):
    """The ``most`` challenges the evidence points to for partnerships of
    this setting (``ranking.proposal_score_sql``), best first: one query,
    prepared once for each kind of partnership."""
    flags = _flag_names(setting)
    return prepared.records(
        Challenge,
        _proposed_query,
        (sorted(chosen_ids) or [0],),
        (answers, setting, most),
        extra=("weight", "source_fit", "n_setting_cases", *flags, "score"),
        key=(_answers_key(answers), _setting_key(setting), most),
    )


def _proposed_query(answers, setting, most, chosen_ids):
    supporting = ChallengeCitation.objects.filter(challenge=OuterRef("pk"), stance="supports")
    if setting.given:
        cases = _of_setting(
            _links(FACED, answers.stated_only).filter(challenge=OuterRef("pk")), answers, setting
        )
        halved = Choose(
            When(basis="stated", then=Value(1.0)), default=Value(0.5), output_field=FloatField()
        )
        fit = {
            "weight": _sum(cases, F("likeness") / setting.top * halved),
            "source_fit": ranking.source_fit_sql(supporting, setting),
            "n_setting_cases": _count_rows(cases),
            **_source_flags(supporting, setting),
        }
    else:  # no setting: no case is more alike than another
        fit = {
            "weight": Value(0.0, output_field=FloatField()),
            "source_fit": Cast(F("stated_source_count"), FloatField()),
            "n_setting_cases": Value(0),
        }
    rows = (
        Challenge.objects.published()
        .exclude(pk__in=chosen_ids)
        .annotate(**fit)
        .annotate(score=ranking.proposal_score_sql(F("weight"), F("source_fit"), answers.stage))
        .order_by("-score", "title_sort", "slug")
    )
    return rows[:most]


def contextual():
    """The published practice every plan shows first (``CONTEXTUAL``), or None: one query."""
    return Practice.objects.published().filter(slug=CONTEXTUAL).select_related("series").first()


def alike_cases(answers, chosen_ids, most):
    """The ``most`` published cases most like the partnership (likeness and
    the chosen challenges they faced), with ``score``: one query, prepared
    once for each kind of partnership (the challenges and countries are its
    values)."""
    countries = [sorted(set(answers.countries))] if answers.countries else []
    found = prepared.records(
        Case,
        _alike_query,
        (sorted(chosen_ids) or [0], *countries),
        (answers, most),
        extra=("score",),
        key=(_answers_key(answers), bool(answers.countries), most),
    )
    # No score is below 0: those above 0 come first, so the first ``most``
    # less those at 0 are the first ``most`` above 0 (each case's score is
    # worked out once, not again in a WHERE).
    return [case for case in found if case.score > 0]


def _alike_query(answers, most, chosen_ids, countries=()):
    answers = replace(answers, countries=list(countries))
    met = _links(FACED, answers.stated_only).filter(case=OuterRef("pk"), challenge__in=chosen_ids)
    met = Coalesce(Subquery(met.order_by().values("case").annotate(n=Count("pk")).values("n")), 0)
    rows = (
        Case.objects.published()
        .annotate(score=ranking.likeness_sql(answers) + met)
        .order_by("-score", "title_sort", "pk")
    )
    return rows[:most]


def profiles(cases):
    """{case pk: ranking.Profile} of ``cases`` (with their stored sector
    masks and scope): one query for their countries."""
    found = {
        case.pk: ranking.Profile(
            sectors={s for s, bit in SECTOR_BITS.items() if case.sector_mask & bit},
            scope=scope.of(case),
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
