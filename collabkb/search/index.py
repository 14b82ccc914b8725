"""Keeping SearchDocument rows in step with the records (by the application).

Every save or delete of a record, of its tags or of its citations rewrites
that record's document; a draft has none. ``rebuild()`` rewrites them all,
and ``suspended()`` turns the signals off during a bulk load (which then
rebuilds once at the end).
"""

import contextlib
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.defaultfilters import truncatechars

from collabkb.search.documents import SearchDocument, SearchFacet

_state = threading.local()
BATCH = 500


def _kinds():
    from cases.models import Case, Organisation
    from challenges.models import Challenge
    from practices.models import Practice

    return {
        SearchDocument.Kind.CHALLENGE: Challenge,
        SearchDocument.Kind.PRACTICE: Practice,
        SearchDocument.Kind.CASE: Case,
        SearchDocument.Kind.ORGANISATION: Organisation,
    }


def _prefetch(kind, queryset):
    queryset = queryset.prefetch_related("tags", "citations__source")
    if kind == SearchDocument.Kind.CHALLENGE:
        return queryset
    if kind == SearchDocument.Kind.PRACTICE:
        return queryset.select_related("series")
    if kind == SearchDocument.Kind.CASE:
        return queryset.prefetch_related("organisations", "examples", "places")
    return queryset


def _record_document(kind, record):
    """The document and facet rows of one published record."""
    tags = [(t.slug, t.name) for t in record.tags.all()]
    sources = {(c.source.slug, c.source.title) for c in record.citations.all()}
    body = [record.body]
    facets = [("kind", kind, kind.label)]
    if kind == SearchDocument.Kind.CHALLENGE:
        detail = " · ".join(x for x in ["Challenge", record.get_dimension_display()] if x)
    elif kind == SearchDocument.Kind.PRACTICE:
        detail = f"Practice · {record.get_kind_display()}"
        if record.series:
            detail += f" · {record.series.title}"
            body.append(record.series.title)
        body.append(record.references)
    elif kind == SearchDocument.Kind.CASE:
        detail = f"Case · {record.get_kind_display()}"
        body += [record.aims, record.areas_of_work, record.outcomes]
        body += [f"{e.title} {e.summary}" for e in record.examples.all()]
        body += [p.name for p in record.places.all()]
        for organisation in record.organisations.all():
            body.append(organisation.title)
            if organisation.country:
                facets.append(("country", organisation.country, organisation.country))
            facets.append(("sector", organisation.sector, organisation.get_sector_display()))
    else:
        detail = f"Organisation · {record.get_sector_display()}"
        if record.country:
            detail += f" · {record.country}"
            body.append(record.country)
    facets += [("tag", slug, name) for slug, name in tags]
    facets += [("source", slug, title) for slug, title in sorted(sources)]
    document = SearchDocument(
        kind=kind,
        object_id=record.pk,
        url=record.get_absolute_url(),
        heading=record.title,
        title=record.title,
        summary=record.summary,
        body="\n".join(x for x in body + [t[1] for t in tags] if x),
        detail=detail,
    )
    return document, sorted(set(facets))


def _quotation_document(citation):
    from collabkb.templatetags.kb import place_url

    place = citation.place_label
    detail = f"Quotation · {citation.source.title}, {place}"
    if citation.concept and citation.concept.lower() not in place.lower():
        detail += f" · concept “{citation.concept}”"
    if citation.speaker_role:
        detail += f" · {citation.get_speaker_role_display()}"
    document = SearchDocument(
        kind=SearchDocument.Kind.QUOTATION,
        object_id=citation.pk,
        url=place_url(citation),
        # A quotation competes with records on its own words only: its title
        # and place are shown, not indexed.
        heading=f"“{truncatechars(citation.quotation, 90)}”",
        title="",
        summary="",
        body=citation.quotation,
        detail=detail,
    )
    facets = [
        ("kind", SearchDocument.Kind.QUOTATION, SearchDocument.Kind.QUOTATION.label),
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


def index_records(kind, ids):
    model = _kinds()[kind]
    records = _prefetch(kind, model.objects.published().filter(pk__in=ids))
    _write([_record_document(kind, r) for r in records], kind, ids)


def index_quotations(ids):
    from collabkb.models import Citation

    citations = Citation.objects.filter(pk__in=ids).exclude(quotation="").select_related("source")
    _write([_quotation_document(c) for c in citations], SearchDocument.Kind.QUOTATION, ids)


def rebuild():
    """Rewrite every document. Returns the number written."""
    from collabkb.models import Citation

    with transaction.atomic():
        SearchFacet.objects.all().delete()
        SearchDocument.objects.all().delete()
        for kind, model in _kinds().items():
            ids = list(model.objects.published().values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                index_records(kind, ids[start : start + BATCH])
        ids = list(Citation.objects.exclude(quotation="").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            index_quotations(ids[start : start + BATCH])
    return SearchDocument.objects.count()


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
    for kind, record_model in _kinds().items():
        if issubclass(model, record_model):
            return kind
    return None


def _reindex(kind, pk):
    if kind == SearchDocument.Kind.QUOTATION:
        index_quotations([pk])
    else:
        index_records(kind, [pk])


def _active_for(kwargs):
    """Indexing on: not suspended, and not a raw save by loaddata.

    loaddata saves rows raw and then sets their many-to-many links; neither
    indexes (run ``rebuild_search_index`` after a plain loaddata; load_content
    and import_kb rebuild by themselves).
    """
    return _active() and not kwargs.get("raw", False)


def _loaded_raw(sender, instance):
    raw = getattr(_state, "raw", None)
    return raw is not None and (sender, instance.pk) in raw


def _record_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        if not hasattr(_state, "raw"):
            _state.raw = set()
        _state.raw.add((sender, instance.pk))
        return
    kind = kind_of(sender)
    if kind and _active_for(kwargs):
        _reindex(kind, instance.pk)


def _record_deleted(sender, instance, **kwargs):
    kind = kind_of(sender)
    if kind:
        SearchDocument.objects.filter(kind=kind, object_id=instance.pk).delete()


def _tagging_changed(sender, instance, **kwargs):
    if _active_for(kwargs):
        kind = kind_of(sender._meta.get_field("content_object").related_model)
        if kind:
            _reindex(kind, instance.content_object_id)


def _citations_changed(sender, instance, action, pk_set, model, **kwargs):
    if not _active() or not action.startswith("post_") or _loaded_raw(type(instance), instance):
        return
    kind = kind_of(type(instance))
    if kind:
        _reindex(kind, instance.pk)
    else:  # the change was made from the citation's side
        kind = kind_of(model)
        for pk in pk_set or ():
            _reindex(kind, pk)


def _citation_changed(sender, instance, **kwargs):
    if _active_for(kwargs):
        _reindex(SearchDocument.Kind.QUOTATION, instance.pk)


def _citation_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(
        kind=SearchDocument.Kind.QUOTATION, object_id=instance.pk
    ).delete()


def connect():
    from cases.models import TaggedCase, TaggedOrganisation
    from challenges.models import TaggedChallenge
    from collabkb.models import Citation
    from practices.models import TaggedPractice

    for model in _kinds().values():
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(
            _record_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
        m2m_changed.connect(
            _citations_changed,
            sender=model.citations.through,
            dispatch_uid=f"search-cite-{model.__name__}",
        )
    for through in (TaggedChallenge, TaggedPractice, TaggedCase, TaggedOrganisation):
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
