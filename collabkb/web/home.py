"""The home page: the ways in, and what the sources themselves emphasise.

It leads with the sources' emphasis, not with CollabKB's counts: the
challenges interviewees mentioned most (where a source counts mentions), the
challenges each source names, in the order it gives them, and the records
more than one source states (``collabkb.published.evidence``).
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Min
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
    query a source (the sources are few), then one for the records."""
    firsts = {}
    for source in sources:
        rows = (
            CitingRecord.objects.filter(source=source, kind=kind.name, stance=Stance.SUPPORTS)
            .values("record_id")
            .annotate(first_second=Min("second"), first_position=Min("position"))
            .order_by("first_second", "first_position", "record_id")
        )
        ids = list(rows.values_list("record_id", flat=True)[: NAMED + 1])
        firsts[source.pk] = ids
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
    counts = []
    for kind in registry:
        counts.append((kind.label_plural, kind.model.objects.published().count(), kind.index_url))
        counts += kind.home_counts()
    sources = Source.objects.order_by("title").public_with_counts()
    # Every public citation is of one public source.
    counts.append(("Citations", sum(source.n_citations for source in sources), "sources:index"))
    on_home = [kind for kind in registry if kind.on_home]
    emphasis = [kind for kind in on_home if _counts_mentions(kind)]
    several = [(kind, _stated_by_several(kind)) for kind in on_home]
    return render(
        request,
        "collabkb/home.html",
        {
            "counts": counts,
            "ways_in": [kind for kind in registry if kind.index_url],
            "mentioned": [(kind, _most_mentioned(kind)) for kind in emphasis],
            "named": [(kind, _named(kind, sources)) for kind in emphasis],
            "several": several,
            "several_any": any(records for kind, records in several),
            "sources": sources,
        },
    )
