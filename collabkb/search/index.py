"""Keeping SearchDocument rows in step with the records (by the application).

``refresh(changed)`` listens to every change (collabkb/changes.py), at the
write and in its transaction: a record saved, deleted, tagged, linked to a
citation, or shown on by a changed citation, tag, series or source gets its
document written again; a draft has none. A quotation is searchable while a
published record cites its place. A change of all of a model (a load, an
import, a restore) rebuilds them all: ``rebuild()``.
"""

import gc

from django.db import transaction
from django.template.defaultfilters import truncatechars

from collabkb import changes
from collabkb.kinds import registry
from collabkb.models.search import SearchDocument, SearchFacet

BATCH = 100  # records a time: each brings its tags, citations and their sources


def _record_document(kind, record):
    """The document and facet rows of one published record."""
    tags = [(t.slug, t.name) for t in record.tags.all()]
    sources = {(c.source.slug, c.source.title) for c in record.citations.all()}
    text = kind.search_text(record)
    body = [record.body, *text.body]
    facets = [("kind", kind.key, kind.label), *text.facets]
    facets += [("tag", slug, name) for slug, name in tags]
    facets += [("source", slug, title) for slug, title in sorted(sources)]
    document = SearchDocument(
        kind=kind.key,
        object_id=record.pk,
        url=record.get_absolute_url(),
        heading=record.display_title,
        title=record.title,
        summary=record.summary,
        body="\n".join(x for x in body + [t[1] for t in tags] if x),
        detail=text.detail,
    )
    return document, sorted(set(facets))


def _quotation_document(citation):
    place = citation.place_label
    detail = f"Quotation · {citation.source.title}, {place}"
    if citation.concept and citation.concept.lower() not in place.lower():
        detail += f" · concept “{citation.concept}”"
    if citation.speaker_role:
        detail += f" · {citation.get_speaker_role_display()}"
    document = SearchDocument(
        kind=SearchDocument.QUOTATION,
        object_id=citation.pk,
        url=citation.get_absolute_url(),
        # A quotation competes with records on its own words only: its title
        # and place are shown, not indexed.
        heading=f"“{truncatechars(citation.quotation, 90)}”",
        title="",
        summary="",
        body=citation.quotation,
        detail=detail,
    )
    facets = [
        ("kind", SearchDocument.QUOTATION, "Quotation"),
        ("source", citation.source.slug, citation.source.title),
    ]
    return document, facets


def _write(pairs, kind, object_ids):
    """Replace the documents of ``object_ids`` of ``kind`` with ``pairs``."""
    SearchDocument.objects.filter(kind=kind, object_id__in=object_ids).delete()
    documents = SearchDocument.objects.bulk_create([d for d, _ in pairs])
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document=document, facet=f, value=str(v)[:200], label=str(label)[:300])
            for document, (_, facets) in zip(documents, pairs, strict=True)
            for f, v, label in facets
        ]
    )


def index_records(kind, ids, quotations=True):
    """Rewrite the documents of the records ``ids`` of ``kind`` (a Kind).

    With ``quotations``, also those of the places they cite: a quotation is
    searchable only while a published record cites its place.
    """
    records = kind.model.objects.published().filter(pk__in=ids)
    records = kind.search_prefetch(records.prefetch_related("tags", "citations__source"))
    _write([_record_document(kind, r) for r in records], kind.key, ids)
    if quotations:
        through = kind.model.citations.through
        cited = through.objects.filter(**{f"{kind.key}_id__in": ids})
        index_quotations(list(cited.values_list("citation_id", flat=True).distinct()))


def index_quotations(ids):
    from collabkb.models import Citation

    citations = (
        Citation.objects.public().filter(pk__in=ids).exclude(quotation="").select_related("source")
    )
    _write([_quotation_document(c) for c in citations], SearchDocument.QUOTATION, ids)


def rebuild():
    """Rewrite every document, BATCH records a time. Returns the number written.

    Neither the records nor their keys are read all at once: memory stays that
    of a batch, whatever the size of the knowledge base."""
    from collabkb.models import Citation

    with transaction.atomic():
        SearchFacet.objects.all().delete()
        SearchDocument.objects.all().delete()
        for kind in registry:
            for ids in _batches(kind.model.objects.published()):
                index_records(kind, ids, quotations=False)
        for ids in _batches(Citation.objects.exclude(quotation="")):
            index_quotations(ids)
    return SearchDocument.objects.count()


def _batches(queryset):
    """The primary keys of ``queryset`` in order, BATCH at a time (a query each)."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:BATCH])
    while ids:
        yield ids
        # A batch's records and their prefetched rows refer to each other:
        # freed now, not when the collector next runs.
        gc.collect()
        after = queryset.filter(pk__gt=ids[-1]).order_by("pk")
        ids = list(after.values_list("pk", flat=True)[:BATCH])


def refresh(changed):
    """A listener of collabkb.changes: rewrite the documents of what ``changed`` shows on."""
    from collabkb.models import Citation, Source

    shown = changes.records(changed)
    if shown is None:
        rebuild()
        return
    for kind in registry:
        if shown.get(kind.model):
            index_records(kind, sorted(shown[kind.model]))
    quoted = set(changed.get(Citation, ()))
    if changed.get(Source):
        cited = Citation.objects.filter(source__in=changed[Source])
        quoted |= set(cited.values_list("pk", flat=True))
    if quoted:
        index_quotations(sorted(quoted))
