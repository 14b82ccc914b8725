"""An export from before links became rows of their own, in today's shape.

Older exports carried a record's citations as a list inside the record
(``"citations": [["opsi-webinar-1692"], …]``). Today each attachment is a
row of the kind's through model, with its own fields (a citation's stance).
``convert`` takes each such list out of its record and writes a row for each
entry, with the defaults of the through model's other fields, in the order
and shape ``export_kb`` writes them: converting an export and exporting the
database it was loaded into give the same file.
"""

from collabkb.exchange.export import exported_models, key_fields, label, natural_key_of_data


def _moved_fields(models):
    """(model, field, through) of the many-to-many fields now kept as rows of
    an exported through model."""
    exported = set(models)
    return [
        (model, field, field.remote_field.through)
        for model in models
        for field in model._meta.many_to_many
        if not field.remote_field.through._meta.auto_created
        and field.remote_field.through in exported
    ]


def _row(through, here, record_key, there, value):
    """A row of ``through`` as export_kb writes it: its fields in their order,
    the other fields at their defaults (or the model's ``converted_defaults``)."""
    defaults = getattr(through, "converted_defaults", {})
    fields = {}
    for field in through._meta.local_fields:
        if field.primary_key or not field.serialize:
            continue
        if field.name == here:
            fields[field.name] = record_key
        elif field.name == there:
            fields[field.name] = list(value) if isinstance(value, list | tuple) else [value]
        else:
            fields[field.name] = defaults.get(field.name, field.get_default())
    return {"model": label(through), "fields": fields}


def convert(items):
    """(the objects of ``items`` in today's shape, {through label: rows written})."""
    models = exported_models()
    by_label = {}
    for item in items:
        by_label.setdefault(str(item.get("model", "")).lower(), []).append(item)
    written = {}
    for model, field, through in _moved_fields(models):
        here = next(
            f.name
            for f in through._meta.concrete_fields
            if f.is_relation and f.related_model is model
        )
        there = next(
            f.name
            for f in through._meta.concrete_fields
            if f.is_relation and f.related_model is field.related_model and f.name != here
        )
        rows = []
        for item in by_label.get(label(model), []):
            values = item["fields"].pop(field.name, None)
            key = [item["fields"].get(name) for name in key_fields(model)]
            rows += [_row(through, here, key, there, value) for value in values or []]
        if rows:
            kept = by_label.setdefault(label(through), [])
            kept += rows
            kept.sort(key=lambda item, through=through: natural_key_of_data(item, through))
            written[label(through)] = written.get(label(through), 0) + len(rows)
    out = [item for model in models for item in by_label.pop(label(model), [])]
    # Objects of models no export writes stay, last, for import_kb to name.
    out += [item for items_ in by_label.values() for item in items_]
    return out, written
