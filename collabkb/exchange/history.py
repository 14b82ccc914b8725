"""A first version of every record a load or an import writes.

Bulk writes send no signals, so django-reversion records nothing by itself:
a record loaded from a fixture would have no version, and once deleted
could not be recovered. Each record the import created or changed gets a
revision of its own, holding its version, the rows reversion follows
with it (its taggings, its citations with their stance, a case's
participants and examples) and the link rows
other records hold to it (a practice's ``addresses`` row to a challenge: a
recover adds them again, the other record otherwise untouched): the admin's
"recover deleted" reverts a whole revision, and must bring back that record
alone, never every record of the load as it was loaded.

The revisions and versions are written as reversion would write them, but in
two bulk inserts, so an import takes the same number of queries whatever
its size.
"""

import gc

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from reversion.models import Revision, Version

from collabkb.admin import history
from collabkb.kinds import registry

CHUNK = 50  # records a time: a prefetched record holds a queryset per relation


def _options(model):
    return reversion.revisions._get_options(model)


def _read_together(model):
    """What serializing a record reads (its many-to-many links, the rows
    reversion follows): prefetched, a query per relation instead of per record."""
    read = [
        # A version keeps the primary keys of the links, not the linked rows.
        Prefetch(field.name, queryset=field.related_model._default_manager.only("pk"))
        for field in model._meta.many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    ]
    for name in _options(model).follow:
        # A followed row's name (a tagging's tag and record) is kept with it.
        related = getattr(model, name).rel.related_model
        back = getattr(model, name).field  # set to the record by the prefetch itself
        keys = [f.name for f in related._meta.concrete_fields if f.many_to_one and f != back]
        rows = related._default_manager.select_related(*keys)
        if hasattr(related, "repr_fields"):
            # What its name reads further (a citation's source), and only that.
            own = [field.name for field in related._meta.concrete_fields]
            rows = rows.select_related(*related.repr_related).only(*own, *related.repr_fields)
        # And its own links (a link row's citations), by primary key.
        links = [
            Prefetch(field.name, queryset=field.related_model._default_manager.only("pk"))
            for field in related._meta.many_to_many
            if field.serialize
        ]
        read.append(Prefetch(name, queryset=rows.prefetch_related(*links)))
    return read


def _version(obj, content_types):
    """An unsaved version of ``obj``, as reversion's add_to_revision makes it."""
    options = _options(type(obj))
    return Version(
        content_type=content_types[type(obj)],
        object_id=str(getattr(obj, options.object_id_field)),
        db="default",
        format=options.format,
        serialized_data=serializers.serialize(
            options.format,
            (obj,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        ),
        object_repr=str(obj),
    )


def _with_followed(record, held):
    rows = [record]
    for name in _options(type(record)).follow:
        rows += [row for row in getattr(record, name).all() if reversion.is_registered(type(row))]
    return rows + held.get(record.pk, [])


def _held_links(records):
    """{pk: the link rows other records hold to it} (a practice's ``addresses``
    row to a challenge): a query per link table, not per record."""
    model = type(records[0])
    by_record = {}
    rows = history.held_links(model, [record.pk for record in records])
    for through in {type(row) for row in rows}:
        # A link's own links (its citations), by primary key: a query per table.
        prefetch_related_objects(
            [row for row in rows if type(row) is through],
            *(
                Prefetch(field.name, queryset=field.related_model._default_manager.only("pk"))
                for field in through._meta.many_to_many
                if field.serialize
            ),
        )
    for row in rows:
        [target] = [
            f.attname
            for f in row._meta.concrete_fields
            if f.many_to_one and f.related_model is model
        ]
        by_record.setdefault(getattr(row, target), []).append(row)
    return by_record


def record_versions(changed, comment, user=None, together=False):
    """A revision for each record in ``changed`` ({model: pks}), or with
    ``together`` one revision holding them all; by ``user`` if given."""
    kinds = {kind.model for kind in registry}  # their own rows come with them
    shared, seen = None, set()  # one revision holds a row once (a link both ends follow)
    if together:
        shared = Revision.objects.create(date_created=timezone.now(), comment=comment, user=user)
    for model, pks in changed.items():
        if not (pks and model in kinds and reversion.is_registered(model)):
            continue
        # In chunks: the versions of a large import are not all held at once.
        for start in range(0, len(pks), CHUNK):
            if user is not None and _has_field(model, "changed_by"):
                rows = model._default_manager.filter(pk__in=pks[start : start + CHUNK])
                rows.update(changed_by=user)  # who last changed it, as an admin save says
            records = list(
                model._default_manager.filter(pk__in=pks[start : start + CHUNK]).order_by("pk")
            )
            prefetch_related_objects(records, *_read_together(model))
            _save(records, comment, user, shared, seen)
            # Prefetched records and their links refer to each other: freed
            # now, not when the collector next runs, the chunks stay small.
            del records
            gc.collect()


def _has_field(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


def _save(records, comment, user=None, shared=None, seen=None):
    now = timezone.now()
    if shared is not None:
        revisions = [shared] * len(records)
    else:
        revisions = Revision.objects.bulk_create(
            [Revision(date_created=now, comment=comment, user=user) for _ in records]
        )
    held = _held_links(records)
    rows = [
        (revision, _with_followed(record, held))
        for record, revision in zip(records, revisions, strict=True)
    ]
    content_types = ContentType.objects.get_for_models(
        *{type(obj) for _, objects in rows for obj in objects}
    )
    versions = []
    for revision, objects in rows:
        for obj in objects:
            if shared is not None:
                if (type(obj), obj.pk) in seen:
                    continue
                seen.add((type(obj), obj.pk))
            version = _version(obj, content_types)
            version.revision = revision
            versions.append(version)
    Version.objects.bulk_create(versions)
