"""The home page: the questions people come with, then what the sources
themselves emphasise, then the ways in.

It leads with the planner, the challenges interviewees mentioned most (where
a source counts mentions) and the lists kinds offer (the cases across
borders); then the sources' emphasis, not CollabKB's counts: the
challenges each source names, in the order it gives them, and the records
more than one source states (``collabkb.published.evidence``).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render

from collabkb.kinds import registry
from collabkb.models import CitingRecord, Source, Stance

MENTIONED = 6  # challenges most mentioned in interviews
NAMED = 8  # challenges of each source, in its order
BOTH = 8  # records of each kind stated by more than one source


@dataclass
class SourceNames:
    """The records of a kind one source states, in the order it gives them."""

    source: Source
    records: list
    more: bool  # whether it states more than are shown


def _counts_mentions(kind):
    try:
        kind.model._meta.get_field("mentions")
    except FieldDoesNotExist:
        return False
    return True


def _most_mentioned(kind):
    """The published records with the most interview mentions, as the source counts them."""
    return list(
        kind.model.objects.published()
        .filter(mentions__gt=0)
        .order_by("-mentions", "title_sort")[:MENTIONED]
    )


def _named(kind, sources):
    """A ``SourceNames`` for each source: the records of ``kind`` it states
    (a place supporting them), first by the place that names them first. One
    query for the first of every source (ranked within each source), then one
    for the records."""
    rows = (
        CitingRecord.objects.filter(
            source__in=[source.pk for source in sources], kind=kind.name, stance=Stance.SUPPORTS
        )
        .values("source_id", "record_id")
        .annotate(first_second=Min("second"), first_position=Min("position"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("source_id"),
                order_by=[F("first_second").asc(), F("first_position").asc(), F("record_id").asc()],
            )
        )
        .filter(rank__lte=NAMED + 1)
        .order_by("source_id", "rank")
    )
    firsts = defaultdict(list)
    for row in rows:
        firsts[row["source_id"]].append(row["record_id"])
    wanted = {pk for ids in firsts.values() for pk in ids[:NAMED]}
    records = kind.model.objects.published().in_bulk(wanted) if wanted else {}
    found = []
    for source in sources:
        shown = [records[pk] for pk in firsts[source.pk][:NAMED] if pk in records]
        if shown:
            found.append(SourceNames(source, shown, len(firsts[source.pk]) > NAMED))
    return found


def _stated_by_several(kind):
    return list(
        kind.model.objects.published()
        .filter(stated_source_count__gt=1)
        .order_by("-stated_source_count", "title_sort")[:BOTH]
    )


def home(request):
    counts = []  # (label, count, URL name, what a reader finds there)
    for kind in registry:
        count = kind.model.objects.published().count()
        counts.append((kind.label_plural, count, kind.index_url, kind.tagline))
        counts += [(*count, "") for count in kind.home_counts()]
    sources = Source.objects.order_by("title").public_with_counts()
    # Every public citation is of one public source.
    cited = sum(source.n_citations for source in sources)
    counts.append(("Citations", cited, "sources:index", "where the sources say so"))
    on_home = [kind for kind in registry if kind.on_home]
    emphasis = [kind for kind in on_home if _counts_mentions(kind)]
    several = [(kind, _stated_by_several(kind)) for kind in on_home]
    lists = [found for kind in registry if (found := kind.home_list())]
    return render(
        request,
        "collabkb/home.html",
        {
            "counts": counts,
            "across": lists,
            "mentioned": [(kind, _most_mentioned(kind)) for kind in emphasis],
            "named": [(kind, _named(kind, sources)) for kind in emphasis],
            "several": several,
            "several_any": any(records for kind, records in several),
            "sources": sources,
        },
    )
