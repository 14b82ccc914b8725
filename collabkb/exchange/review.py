"""What an import may change: never what readers see, unless an editor says so.

An import into an empty knowledge base is a load (a move to another
database, the shipped content): the file's statuses stand, as loaded.
Into a knowledge base that holds records:

- a record the file would publish (new, or not published before) arrives
  **in review**, with a review step by the import's user: it waits in the
  editors' queue for their publish;
- a change readers would see — a published record's own fields or links,
  a row of it (a tag, a citation attached, a participant), or a shared thing
  it shows (a citation's quotation, a place, a tag, a series, a source) — is
  refused, nothing written, naming the records, unless the import is
  run with ``publish`` (by an editor: the command checks it). Then each such
  record gets a version by that user and its "Last updated" moves.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from collabkb import changes
from collabkb.kinds import registry
from collabkb.models import Source, Status, Transition

SHOWN_RECORDS = 20
CHUNK = 500  # primary keys a query names


def _chunks(pks):
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


class PublishedChangeRefused(Exception):
    """The import would change published records without ``publish``."""

    def __init__(self, found):
        count = sum(len(pks) for pks in found.values())
        names = [f"{r._meta.verbose_name} “{r}” ({r.slug})" for r in _some_records(found)]
        more = count - len(names)
        super().__init__(
            f"it would change {count} published record(s), which readers would see "
            f"at once: {', '.join(names)}{f' and {more} more' if more > 0 else ''}"
        )


def knowledge_base_is_empty():
    models = [Source, *(kind.model for kind in registry)]
    return not any(model._default_manager.exists() for model in models)


def published_pks():
    """{record model: set of pks} of the published records (a query per kind)."""
    return {
        kind.model: set(kind.model._default_manager.published().values_list("pk", flat=True))
        for kind in registry
    }


def newly_published(changed, published_before):
    """{record model: [record]} of the records in ``changed`` that the import
    published and were not published before it."""
    found = {}
    for model, pks in changed.items():
        if not registry.for_model(model):
            continue
        before = published_before.get(model, set())
        records = [
            record
            for chunk in _chunks(pks)
            for record in model._default_manager.published().filter(pk__in=chunk)
            if record.pk not in before
        ]
        if records:
            found[model] = records
    return found


def hold_new_publications(changed, published_before, user, comment):
    """Records in ``changed`` that the import published go to review; returns them."""
    held = []
    for model, records in newly_published(changed, published_before).items():
        for chunk in _chunks([record.pk for record in records]):
            model._default_manager.filter(pk__in=chunk).update(status=Status.IN_REVIEW)
        content_type = ContentType.objects.get_for_model(model)
        Transition.objects.bulk_create(
            Transition(
                content_type=content_type,
                object_id=record.pk,
                from_status=Status.DRAFT,
                to_status=Status.IN_REVIEW,
                move="submit",
                user=user,
                comment=f"{comment}: waits for an editor to publish it",
            )
            for record in records
        )
        changes.announce(model, [r.pk for r in records])
        held += records
    return held


def _record_ends(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and registry.for_model(field.related_model)
    ]


def records_readers_see_changed(changed, published_before):
    """{record model: set of pks} of the records published before or now
    whose public pages the rows ``changed`` ({model: pks}) change: a few
    queries per model."""
    candidates = {}  # {record model: pks} that may be touched, published or not
    tied_rows = []  # [{(record model, pk)}] of the rows of records
    found = {}  # {record model: pks} of published records touched

    def add(model, pks):
        candidates.setdefault(model, set()).update(pks)

    for model, pks in changed.items():
        pks = list(pks)
        if not pks:
            continue
        if registry.for_model(model):
            add(model, pks)
            continue
        ends = _record_ends(model)
        if ends:
            rows = [
                row
                for chunk in _chunks(pks)
                for row in model._default_manager.filter(pk__in=chunk).values_list(
                    *(field.attname for field in ends)
                )
            ]
            for row in rows:
                tied = {(field.related_model, pk) for field, pk in zip(ends, row, strict=True)}
                tied_rows.append(tied)
                for record_model, pk in tied:
                    add(record_model, [pk])
            continue
        for start in range(0, len(pks), changes.MOST):
            showing = changes.records({model: set(pks[start : start + changes.MOST])})
            if showing is None:  # too many to name: every record may show them
                showing = {kind.model: None for kind in registry}
            for shown, ids in showing.items():
                rows = shown._default_manager.published()
                if ids:
                    rows = rows.filter(pk__in=ids)
                before = published_before.get(shown, set())
                found.setdefault(shown, set()).update(
                    {*rows.values_list("pk", flat=True), *(before & set(ids) if ids else before)}
                )
    published = {
        model: published_before.get(model, set()) & pks
        | {
            pk
            for chunk in _chunks(pks)
            for pk in model._default_manager.published()
            .filter(pk__in=chunk)
            .values_list("pk", flat=True)
        }
        for model, pks in candidates.items()
    }
    for model in candidates:
        if model in changed:
            found.setdefault(model, set()).update(set(changed[model]) & published[model])
    for tied in tied_rows:
        # A row of records (a tag, an attachment, a link, a participant):
        # readers see it only when every record it ties is published.
        if all(pk in published[model] for model, pk in tied):
            for model, pk in tied:
                found.setdefault(model, set()).add(pk)
    return {model: pks for model, pks in found.items() if pks}


def _some_records(found):
    """The first ``SHOWN_RECORDS`` records of ``found`` ({model: pks}), for a message."""
    records = []
    for model, pks in found.items():
        shown = sorted(pks)[: SHOWN_RECORDS - len(records)]
        records += list(model._default_manager.filter(pk__in=shown).order_by("slug"))
    return records


def mark_changed(found):
    """Move the "Last updated" of the records ``found`` ({model: pks}) to now."""
    now = timezone.now()
    for model, pks in found.items():
        for chunk in _chunks(pks):
            model._default_manager.filter(pk__in=chunk).update(updated=now)
        changes.announce(model, pks)
