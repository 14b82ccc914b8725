"""The knowledge base as a Django JSON fixture with natural keys, byte-stable.

Objects come in dependency order, each model's objects sorted by natural key,
many-to-many lists sorted too; links to records outside the export are left
out so that the file always loads into an empty database.
"""

import json

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from taggit.models import Tag

from cases.models import (
    Case,
    Organisation,
    Participation,
    Place,
    ProjectExample,
    TaggedCase,
    TaggedOrganisation,
)
from challenges.models import Challenge, TaggedChallenge
from collabkb.models import Citation, Source
from practices.models import Practice, Series, TaggedPractice

# Every exported model, in the order a database can load them.
MODELS = [
    Source,
    Citation,
    Tag,
    Challenge,
    TaggedChallenge,
    Series,
    Practice,
    TaggedPractice,
    Place,
    Organisation,
    TaggedOrganisation,
    Case,
    TaggedCase,
    Participation,
    ProjectExample,
]
KINDS = {
    "challenges": [Challenge],
    "practices": [Practice],
    "cases": [Case, Organisation],
    "organisations": [Organisation],
    "sources": [],
}
RECORDS = [Challenge, Practice, Case, Organisation]
TAGGED = {
    Challenge: TaggedChallenge,
    Practice: TaggedPractice,
    Case: TaggedCase,
    Organisation: TaggedOrganisation,
}


def label(model):
    return model._meta.label_lower


def _records(kinds, published_only):
    """The records of the chosen kinds, as {model: queryset}."""
    chosen = RECORDS if not kinds else {m for k in kinds for m in KINDS[k]}
    records = {}
    for model in RECORDS:
        queryset = model.objects.all()
        if model not in chosen:
            queryset = queryset.none()
        elif published_only:
            queryset = queryset.published()
        records[model] = queryset
    return records


def collect(kinds=None, published_only=False):
    """Every object to export, as {model: queryset}."""
    records = _records(kinds, published_only)
    citation_ids = set()
    for model, queryset in records.items():
        citation_ids.update(
            model.citations.through.objects.filter(
                **{f"{model._meta.model_name}__in": queryset}
            ).values_list("citation_id", flat=True)
        )
    everything = not kinds and not published_only
    citations = (
        Citation.objects.all() if everything else Citation.objects.filter(pk__in=citation_ids)
    )
    sources = Source.objects.all() if everything else Source.objects.filter(citations__in=citations)
    practices = records[Practice]
    cases = records[Case]
    series = Series.objects.all() if everything else Series.objects.filter(practices__in=practices)
    taggings = {
        TAGGED[model]: TAGGED[model].objects.filter(content_object__in=queryset)
        for model, queryset in records.items()
    }
    tag_ids = set()
    for queryset in taggings.values():
        tag_ids.update(queryset.values_list("tag_id", flat=True))
    tags = Tag.objects.all() if everything else Tag.objects.filter(pk__in=tag_ids)
    participations = Participation.objects.filter(
        case__in=cases, organisation__in=records[Organisation]
    )
    return {
        Source: sources.distinct(),
        Citation: citations,
        Tag: tags,
        Challenge: records[Challenge],
        Series: series.distinct(),
        Practice: practices,
        Place: Place.objects.all()
        if everything
        else Place.objects.filter(cases__in=cases).distinct(),
        Organisation: records[Organisation],
        Case: cases,
        Participation: participations,
        ProjectExample: ProjectExample.objects.filter(case__in=cases),
        **taggings,
    }


def natural_key_of_data(data):
    """A sortable natural key of a serialized object."""
    fields = data["fields"]
    model = data["model"]
    if model == "taggit.tag":
        return (fields["name"],)
    if model == "collabkb.citation":
        return (fields["key"],)
    if model.endswith("participation"):
        return (fields["case"], fields["organisation"])
    if model.endswith("projectexample"):
        return (fields["case"], fields["slug"])
    if "content_object" in fields:
        return (fields["content_object"], fields["tag"])
    return (fields["slug"],)


def _target_key_field(model):
    return "key" if model is Citation else "slug"


def _m2m_keys(field, objects):
    """{object pk: sorted natural keys} of one many-to-many field, in one query."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    key_field = _target_key_field(field.related_model)
    rows = through.objects.filter(**{f"{source}__in": [o.pk for o in objects]}).values_list(
        f"{source}_id", f"{target}__{key_field}"
    )
    keys = {}
    for pk, key in rows:
        keys.setdefault(pk, []).append((key,))
    return keys


def export(kinds=None, published_only=False):
    """The fixture as a string."""
    objects = collect(kinds, published_only)
    kept = {
        label(model): {
            tuple(obj.natural_key())
            for obj in objects[model].select_related(
                *[f.name for f in model._meta.concrete_fields if f.is_relation]
            )
        }
        for model in MODELS
    }
    out = []
    for model in MODELS:
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        m2m = [
            f
            for f in model._meta.many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created
        ]
        instances = list(objects[model].select_related(*relations))
        plain = [f.name for f in model._meta.local_fields if not f.primary_key]
        data = serializers.serialize(
            "python",
            instances,
            fields=plain,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        links = {field.name: _m2m_keys(field, instances) for field in m2m}
        for obj, item in zip(instances, data, strict=True):
            item.pop("pk", None)
            for field in m2m:
                target = kept[label(field.related_model)]
                values = [v for v in links[field.name].get(obj.pk, []) if v in target]
                item["fields"][field.name] = [list(v) for v in sorted(values)]
        data.sort(key=natural_key_of_data)
        out.extend(data)
    return json.dumps(out, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"
