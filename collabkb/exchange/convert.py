"""Converting an export from before a kind of link had a model of its own.

Such a file lists a record's links inside its fields (a practice's
``"addresses": [["role-clarity"], …]``); the knowledge base now keeps each
link as an object of its own, with fields of its own (a link's basis).
``convert`` takes each list out of its record and writes its links as those
objects, with their fields' defaults: nothing reviewed yet (a link is then
our reading, without a reason, until a curator records its basis).
"""

from django.db.models import NOT_PROVIDED

from collabkb.exchange.export import exported_models, key_fields, label, models_by_label


def _own_model_fields(model):
    """The many-to-many fields of ``model`` whose links are objects of their own."""
    return {
        field.name: field
        for field in model._meta.many_to_many
        if not field.remote_field.through._meta.auto_created
    }


def _defaults(through, ends):
    """The fields of a new link object, as export_kb writes them, with their defaults."""
    fields = {}
    for field in through._meta.local_fields:
        if field.primary_key or field.name in ends or not field.serialize:
            continue
        if field.default is not NOT_PROVIDED:
            fields[field.name] = field.get_default()
        elif field.empty_strings_allowed and not field.null:
            fields[field.name] = ""
        else:
            fields[field.name] = None
    for field in through._meta.many_to_many:
        fields[field.name] = []
    return fields


def _key(item, model):
    return [item["fields"].get(name) for name in key_fields(model)]


def convert(objects):
    """The objects of an old export (a list) in the new shape, and how many
    links were taken out of records (0: nothing to convert)."""
    allowed = models_by_label()
    links = {}  # through model: {(source key, target key): object}
    moved = 0
    for item in objects:
        model = allowed.get(str(item.get("model", "")).lower()) if isinstance(item, dict) else None
        if model is None or not isinstance(item.get("fields"), dict):
            continue
        for name, field in _own_model_fields(model).items():
            if name not in item["fields"]:
                continue
            values = item["fields"].pop(name) or []
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            here = _key(item, model)
            mirrored = field.remote_field.symmetrical and field.related_model is model
            for value in values:
                pairs = [(here, list(value))]
                if mirrored:
                    pairs.append((list(value), here))
                for one, other in pairs:
                    row = links.setdefault(through, {})
                    pair = (repr(one), repr(other))
                    if pair not in row:
                        row[pair] = {
                            "model": label(through),
                            "fields": {
                                **_defaults(through, (source, target)),
                                source: one,
                                target: other,
                            },
                        }
                moved += 1
    if not moved:
        return objects, 0
    by_model = {}
    for item in objects:
        name = str(item.get("model", "")).lower() if isinstance(item, dict) else ""
        by_model.setdefault(name, []).append(item)
    out = []
    for model in exported_models():
        out += by_model.pop(label(model), [])
        if model in links:
            out += sorted(links[model].values(), key=lambda item, m=model: repr(_key(item, m)))
    for rest in by_model.values():
        out += rest  # models this site does not know: import_kb names them
    return out, moved
