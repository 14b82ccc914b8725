"""The knowledge base as a Django JSON fixture with natural keys, byte-stable.

Objects come in dependency order, each model's objects sorted by natural key,
many-to-many lists sorted too (a record's citations are rows of their own,
each with its stance, after the records); links to records outside the export are left
out so that the file always loads into an empty database.

Only published records are exported unless drafts are asked for: a
published record's links to unpublished ones are then left out too, so
nothing unpublished leaves the site in an export.
"""

import datetime
import json

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from taggit.models import Tag

from collabkb.kinds import registry
from collabkb.models import Citation, Source

# What `export_kb --kind` offers besides the registered kinds.
SOURCES_ONLY = "sources"


def exported_models():
    """Every exported model, in the order a database can load them."""
    models = [Source, Citation, Tag]
    for kind in registry.in_export_order():
        models += kind.exported
    return models


def kind_names():
    return sorted([*registry.names(), SOURCES_ONLY])


def label(model):
    return model._meta.label_lower


def models_by_label():
    """The models a fixture may hold, by label."""
    return {label(model): model for model in exported_models()}


def key_fields(model):
    """The fields of a model's natural key (taggit's ``natural_key_fields``)."""
    return tuple(model.natural_key_fields)


def _chosen(kinds):
    """The kinds to export for `--kind` names, with what each brings along."""
    if not kinds:
        return set(registry.names())
    chosen = set()
    for name in kinds:
        if name != SOURCES_ONLY:
            chosen |= {name, *registry.get(name).export_also}
    return chosen


def _records(kinds, published_only):
    """The records of the chosen kinds, as {model: queryset}."""
    chosen = _chosen(kinds)
    records = {}
    for kind in registry:
        queryset = kind.model.objects.all()
        if kind.name not in chosen:
            queryset = queryset.none()
        elif published_only:
            queryset = queryset.published()
        records[kind.model] = queryset
    return records


def collect(kinds=None, published_only=True):
    """Every object to export, as {model: queryset}."""
    records = _records(kinds, published_only)
    everything = not kinds and not published_only
    # The citations attached to the records exported (a row each, with its stance).
    attachments, citation_ids = {}, set()
    for model, queryset in records.items():
        through = model.citations.through
        attachments[through] = through.objects.filter(**{f"{model._meta.model_name}__in": queryset})
        citation_ids.update(attachments[through].values_list("citation_id", flat=True))
    if not kinds:
        # A place in a source that no record cites (a quotation whose words
        # bear on no record) is still part of the source: a whole export keeps it.
        unattached = Citation.objects.all()
        for model in records:
            cited = model.citations.through.objects.values("citation")
            unattached = unattached.exclude(pk__in=cited)
        citation_ids.update(unattached.values_list("pk", flat=True))
    citations = (
        Citation.objects.all() if everything else Citation.objects.filter(pk__in=citation_ids)
    )
    sources = Source.objects.all() if everything else Source.objects.filter(citations__in=citations)
    taggings = {
        kind.tagged: kind.tagged.objects.all()
        if everything
        else kind.tagged.objects.filter(content_object__in=records[kind.model])
        for kind in registry
    }
    tag_ids = set()
    for queryset in taggings.values():
        tag_ids.update(queryset.values_list("tag_id", flat=True))
    tags = Tag.objects.all() if everything else Tag.objects.filter(pk__in=tag_ids)
    objects = {
        Source: sources.distinct(),
        Citation: citations,
        Tag: tags,
        **records,
        **attachments,
        **taggings,
    }
    for kind in registry:
        objects.update(kind.companions(records, everything))
    return objects


def natural_key_of_data(data, model):
    """A sortable natural key of a serialized object of ``model``."""
    return tuple(data["fields"][name] for name in key_fields(model))


def _m2m_keys(field, objects):
    """{object pk: natural keys} of one many-to-many field of ``objects`` (a queryset).

    One query; the link table is filtered by a subquery, not by a list of ids.
    """
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    [key_field] = key_fields(field.related_model)
    rows = through.objects.filter(**{f"{source}__in": objects.values("pk")}).values_list(
        f"{source}_id", f"{target}__{key_field}"
    )
    keys = {}
    for pk, key in rows:
        keys.setdefault(pk, []).append((key,))
    return keys


def export(kinds=None, published_only=True):
    """The fixture as a string.

    Each model is read once, in load order; a link is kept only if its target
    is exported too (targets come earlier in the order, or are the model
    itself), so the file always loads into an empty database.
    """
    objects = collect(kinds, published_only)
    kept = {}
    out = []
    for model in exported_models():
        # Not a relation the file does not carry (a record's created_by).
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation and f.serialize]
        m2m = [
            f
            for f in model._meta.many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created
        ]
        queryset = objects[model]
        # Of a related row only its natural key (not, say, a case's body for
        # each of its taggings); no ORDER BY: the objects are sorted by natural
        # key below, and sorting wide joined rows grows faster than the data.
        related_keys = [
            f"{name}__{key}"
            for name in relations
            for key in key_fields(model._meta.get_field(name).related_model)
        ]
        fields = [f.name for f in model._meta.concrete_fields]
        instances = list(
            queryset.select_related(*relations).only(*fields, *related_keys).order_by()
        )
        kept[label(model)] = {tuple(obj.natural_key()) for obj in instances}
        plain = [f.name for f in model._meta.local_fields if f.serialize and not f.primary_key]
        data = serializers.serialize(
            "python",
            instances,
            fields=plain,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        links = {field.name: _m2m_keys(field, queryset) for field in m2m}
        for obj, item in zip(instances, data, strict=True):
            item.pop("pk", None)
            for field in m2m:
                target = kept[label(field.related_model)]
                values = [v for v in links[field.name].get(obj.pk, []) if v in target]
                item["fields"][field.name] = [list(v) for v in sorted(values)]
        data.sort(key=lambda item, model=model: natural_key_of_data(item, model))
        out.extend(data)
    return json.dumps(out, cls=Encoder, indent=2, ensure_ascii=False) + "\n"


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, with times cut to the millisecond before they are
    written: it writes 12:00:00.000500 as "12:00:00.000", which reads back
    as 12:00:00 and is then written "12:00:00", so an export loaded and
    exported again would differ."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond % 1000:
            o = o.replace(microsecond=o.microsecond // 1000 * 1000)
        return super().default(o)
