"""The cited places of a source, each with the records and quotations it shows.

A place is a second of a video or a (position, locator) of a report. A
timeline or outline shows a few records and quotations of every place, so the
queries fetch only those few, whatever the number of citations: one grouped
query for the places and their counts, one windowed query for the citations
shown, and one windowed query per kind for the records shown. The moment
page and the outline's ``?place=`` show one place whole.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Window
from django.db.models.functions import DenseRank, RowNumber

from collabkb.kinds import registry

# What a timeline or outline shows of each place; "more" links to the rest.
RECORDS_PER_PLACE = 12
QUOTATIONS_PER_PLACE = 6


def _place_fields(source):
    return ["second"] if source.is_video else ["position", "locator"]


def _key(row, fields, prefix=""):
    return tuple(getattr(row, prefix + name) for name in fields)


def cited_places(source, only=None, limit=True):
    """The public places of ``source`` in order, as dicts the templates read.

    ``only`` narrows to one place (a dict of place fields); ``limit`` caps the
    records and quotations of each place (``more`` says there are others).
    """
    fields = _place_fields(source)
    citations = source.citations.public()
    if only:
        citations = citations.filter(**only)
    counts = (
        citations.order_by()
        .values(*fields)
        .annotate(
            n=Count("pk"),
            quotation_count=Count("pk", filter=~Q(quotation="")),
            doubts=Count("pk", filter=Q(needs_review=True)),
        )
        .order_by(*fields)
    )
    places = {
        tuple(row[name] for name in fields): {
            "citations": [],
            "records": [],
            "quotations": [],
            "labels": set(),
            "seen": set(),
            "quotation_count": row["quotation_count"],
            "needs_review": row["doubts"] > 0,
            "more": limit and row["quotation_count"] > QUOTATIONS_PER_PLACE,
        }
        for row in counts
    }
    if not places:
        return []
    labels = citations.order_by().values_list(*fields, "timestamp_label").distinct()
    for *key, label in labels:
        places[tuple(key)]["labels"].add(label)
    for citation in _shown_citations(citations, fields, limit):
        place = places[_key(citation, fields)]
        place["citations"].append(citation)
        if citation.quotation:
            place["quotations"].append(citation)
    for kind in registry:
        for record in _shown_records(kind, source, fields, only, limit):
            place = places[_key(record, fields, prefix="place_")]
            if (kind.label, record.pk) in place["seen"]:
                continue  # the same record citing this place twice
            if limit and len(place["records"]) >= RECORDS_PER_PLACE:
                place["more"] = True
                continue
            place["seen"].add((kind.label, record.pk))
            place["records"].append((kind.label, record))
    result = []
    for place in places.values():
        del place["seen"]
        place["first"] = place["citations"][0]
        place["labels"] = sorted(place["labels"])
        result.append(place)
    return result


def _shown_citations(citations, fields, limit):
    """The citations of each place, in key order; with ``limit``, at most the
    first QUOTATIONS_PER_PLACE with a quotation and as many without."""
    citations = citations.order_by(*fields, "key")
    if not limit:
        return citations
    quoted = ExpressionWrapper(Q(quotation=""), output_field=BooleanField())
    return citations.annotate(
        rank=Window(RowNumber(), partition_by=[*map(F, fields), quoted], order_by=F("key").asc())
    ).filter(rank__lte=QUOTATIONS_PER_PLACE)


def _shown_records(kind, source, fields, only, limit):
    """Published records of ``kind`` citing the places of ``source``, one row
    per (place, record, citation) in title order; with ``limit``, only the
    first RECORDS_PER_PLACE + 1 distinct records of each place."""
    places = {f"place_{name}": F(f"citations__{name}") for name in fields}
    records = (
        kind.model.objects.published()
        .filter(citations__source=source, **{f"citations__{k}": v for k, v in (only or {}).items()})
        .annotate(**places)
        .only("pk", "title", "shown_title", "title_sort", "slug", "status")
        .order_by(*places, "title_sort", "pk")
    )
    if not limit:
        return records
    return records.annotate(
        rank=Window(
            DenseRank(),
            partition_by=list(places.values()),
            order_by=[F("title_sort").asc(), F("pk").asc()],
        )
    ).filter(rank__lte=RECORDS_PER_PLACE + 1)
