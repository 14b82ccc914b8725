"""Keeping SearchDocument rows in step with the records (by the application).

Every save or delete of a record, of its tags or of its citations rewrites
that record's document; a draft has none. ``rebuild()`` rewrites them all,
and ``suspended()`` turns the signals off during a bulk load (which then
rebuilds once at the end).
"""

import contextlib
import gc
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.template.defaultfilters import truncatechars

from collabkb.kinds import registry
from collabkb.search.documents import SearchDocument, SearchFacet

_state = threading.local()
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


def records_changed(model, ids, raw=False):
    """Rewrite the documents of records a bulk write changed (``bulk_update``
    sends no signal): a series renamed changes its steps' shown titles."""
    kind = kind_of(model)
    if kind and ids and _active_for({"raw": raw}):
        index_records(kind, list(ids), quotations=False)


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


@contextlib.contextmanager
def suspended():
    """No indexing on each save; the caller rebuilds afterwards."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def _active():
    return not getattr(_state, "suspended", False)


def kind_of(model):
    """The registered kind of ``model``'s records, or None."""
    return registry.for_model(model)


def _reindex(kind, pk):
    index_records(kind, [pk])


def _active_for(kwargs):
    """Indexing on: not suspended, and not a raw save (a fixture being loaded).

    The project's ``loaddata`` suspends indexing and rebuilds once the
    fixtures are in (see collabkb/management/commands/loaddata.py).
    """
    return _active() and not kwargs.get("raw", False)


def _record_changed(sender, instance, **kwargs):
    kind = kind_of(sender)
    if kind and _active_for(kwargs):
        _reindex(kind, instance.pk)


def _record_deleting(sender, instance, **kwargs):
    """Remember the places a record cites: their quotations may leave search with it."""
    if kind_of(sender):
        instance._cited_ids = list(instance.citations.values_list("pk", flat=True))


def _record_deleted(sender, instance, **kwargs):
    kind = kind_of(sender)
    if kind:
        SearchDocument.objects.filter(kind=kind.key, object_id=instance.pk).delete()
        if _active():
            index_quotations(getattr(instance, "_cited_ids", []))


def _tagging_changed(sender, instance, **kwargs):
    if _active_for(kwargs):
        kind = kind_of(sender._meta.get_field("content_object").related_model)
        if kind:
            _reindex(kind, instance.content_object_id)


def _citations_changed(sender, instance, action, pk_set, model, **kwargs):
    if not _active():
        return
    kind = kind_of(type(instance))
    if action == "pre_clear":
        # clear() names no citations: remember them for post_clear.
        related = instance.citations if kind else getattr(instance, kind_of(model).citing_name)
        instance._cleared_ids = list(related.values_list("pk", flat=True))
    if not action.startswith("post_"):
        return
    changed = list(pk_set or getattr(instance, "_cleared_ids", []))
    if kind:
        _reindex(kind, instance.pk)
        index_quotations(changed)
    else:  # the change was made from the citation's side
        kind = kind_of(model)
        for pk in changed:
            _reindex(kind, pk)
        index_quotations([instance.pk])


def _citation_changed(sender, instance, **kwargs):
    if _active_for(kwargs):
        index_quotations([instance.pk])


def _citation_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(kind=SearchDocument.QUOTATION, object_id=instance.pk).delete()


def connect():
    """Connect the signals of every registered kind (after the kinds are registered)."""
    from collabkb.models import Citation

    for kind in registry:
        model = kind.model
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
        pre_delete.connect(
            _record_deleting, sender=model, dispatch_uid=f"search-pre-del-{model.__name__}"
        )
        post_delete.connect(
            _record_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
        m2m_changed.connect(
            _citations_changed,
            sender=model.citations.through,
            dispatch_uid=f"search-cite-{model.__name__}",
        )
        through = kind.tagged
        post_save.connect(
            _tagging_changed, sender=through, dispatch_uid=f"search-{through.__name__}"
        )
        post_delete.connect(
            _tagging_changed,
            sender=through,
            dispatch_uid=f"search-del-{through.__name__}",
        )
    post_save.connect(_citation_changed, sender=Citation, dispatch_uid="search-citation")
    post_delete.connect(_citation_deleted, sender=Citation, dispatch_uid="search-del-citation")
