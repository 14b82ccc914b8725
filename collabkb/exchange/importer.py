"""Importing a fixture: validate the whole file, then write it all or nothing."""

import functools
import json
import re
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import CharField, TextField

from collabkb import pagecache
from collabkb.dbstats import refresh_statistics
from collabkb.exchange import batched, history
from collabkb.exchange.batched import messages
from collabkb.exchange.export import key_fields, label, models_by_label, natural_key_of_data
from collabkb.search import index as search_index


class ImportRefused(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Report:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    changed: dict = field(default_factory=dict)  # {model: [pk]} created or updated

    def add(self, outcome, model_label, model=None, pk=None):
        counts = getattr(self, outcome)
        counts[model_label] = counts.get(model_label, 0) + 1
        if model is not None and outcome != "unchanged":
            self.changed.setdefault(model, []).append(pk)

    def totals(self):
        return {
            outcome: sum(getattr(self, outcome).values())
            for outcome in ("created", "updated", "unchanged")
        }


class _DryRun(Exception):
    """Raised to roll back a dry run."""


def _key_text(value):
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _describe(item, position, allowed):
    """“object 12 (challenges.challenge “role-clarity”)”: where a problem is."""
    fields = item.get("fields") if isinstance(item, dict) else None
    name = str(item.get("model", "?")) if isinstance(item, dict) else "?"
    model = allowed.get(name.lower())
    shown = ""
    if isinstance(fields, dict):
        names = key_fields(model) if model else ("slug", "key", "name")
        values = [_key_text(fields[n]) for n in names if fields.get(n)]
        if values:
            shown = f" “{' / '.join(values) if model else values[0]}”"
    return f"object {position} ({name}{shown})"


@functools.cache
def required_fields(model):
    """Fields a fixture must give: no default, no empty value, not null (created …)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.null or field.has_default())
        and not field.empty_strings_allowed
    ]


class _DuplicateKey(Exception):
    pass


def _refuse_duplicate_keys(pairs):
    """json's object hook: {"title": "a", "title": "b"} is refused, not "b"."""
    data = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def parse(text):
    """The list of objects in ``text``, or ImportRefused with what is wrong."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors save
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKey as error:
        raise ImportRefused(
            [
                f"the key “{error.args[0]}” appears twice in one object: a file must not "
                "leave it to chance which value counts"
            ]
        ) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
    except RecursionError:
        raise ImportRefused(
            ["the JSON is nested too deeply to be a fixture (export_kb writes 4 levels)"]
        ) from None
    if not isinstance(data, list):
        raise ImportRefused(["expected a JSON list of objects, as export_kb writes"])
    problems = []
    seen = {}
    allowed = models_by_label()
    for position, item in enumerate(data, start=1):
        where = _describe(item, position, allowed)
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            problems.append(f"{where}: expected an object with “model” and “fields”")
            continue
        model = allowed.get(str(item.get("model", "")).lower())
        if model is None:
            problems.append(
                f"{where}: unknown model “{item.get('model')}”; "
                f"expected one of {', '.join(sorted(allowed))}"
            )
            continue
        for name in item["fields"]:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                problems.append(f"{where}: {model._meta.label} has no field “{name}”")
        problems += [f"{where}: {problem}" for problem in text_problems(model, item["fields"])]
        missing = [name for name in required_fields(model) if name not in item["fields"]]
        if missing:
            problems.append(f"{where}: missing required field(s): {', '.join(missing)}")
        try:
            key = (label(model), repr(natural_key_of_data(item, model)))
        except (KeyError, TypeError):
            problems.append(f"{where}: has no natural key ({', '.join(key_fields(model))})")
            continue
        if key in seen:
            problems.append(f"{where}: the same record as object {seen[key]} (duplicate key)")
        seen.setdefault(key, position)
    if problems:
        raise ImportRefused(problems)
    return data


def _text_fields(model):
    return {
        field.name: field
        for field in model._meta.concrete_fields
        if isinstance(field, CharField | TextField)
    }


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_character(text):
    """What PostgreSQL (and so a move to it) would refuse in ``text``, if anything."""
    if "\x00" in text:
        return "a NUL character (U+0000), which PostgreSQL cannot store in text"
    surrogate = _SURROGATE.search(text)
    if surrogate:
        return f"a lone surrogate (U+{ord(surrogate.group()):04X}), which is not Unicode text"
    return None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for part in value:
            yield from _strings(part)


_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def text_problems(model, fields):
    """Text given as something else, or holding characters a database refuses."""
    problems = []
    text_fields = _text_fields(model)
    for name, value in fields.items():
        field = text_fields.get(name)
        if field is not None and not isinstance(value, str) and not (value is None and field.null):
            given = json.dumps(value, ensure_ascii=False)
            given = given if len(given) <= 40 else given[:39] + "…"
            problems.append(
                f"{name} must be text (a JSON string), not {_JSON_TYPES[type(value)]}: {given}"
            )
            continue
        for text in _strings(value):
            bad = _bad_character(text)
            if bad:
                problems.append(f"{name} holds {bad}")
                break
    return problems


def _snapshot(obj):
    """An object's exported fields, to tell an update from no change."""
    if obj is None:
        return None
    data = serializers.serialize(
        "python", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )[0]["fields"]
    for field_ in obj._meta.many_to_many:
        if field_.name in data:
            data[field_.name] = sorted(tuple(v) for v in data[field_.name])
    return data


def apply(data, dry_run=False, comment="Imported with import_kb"):
    """Import ``data`` (parsed); raise ImportRefused and write nothing on problems.

    Each record created or changed gets a version in one revision (``comment``)."""
    report = Report()
    problems = []
    try:
        with pagecache.one_change(), transaction.atomic(), search_index.suspended():
            _apply_batched_or_not(data, report, problems)
            if problems:
                raise ImportRefused(problems)
            if dry_run:
                raise _DryRun
            history.record_versions(report.changed, comment)
            search_index.rebuild()
            refresh_statistics()
    except _DryRun:
        pass
    return report


def _apply_batched_or_not(data, report, problems):
    """In batches (see ``batched``) when the file is as export_kb writes it."""
    allowed = models_by_label()
    try:
        with transaction.atomic():
            batched.apply(data, report, problems, lambda item, at: _describe(item, at, allowed))
    except batched.NotBatchable:
        _apply(data, report, problems)


def _apply(data, report, problems):
    """Object by object, with Django's deserializer."""
    saved = []  # (label, object, snapshot before, deserialized, where)
    allowed = models_by_label()
    for position, item in enumerate(data, start=1):
        where = _describe(item, position, allowed)
        model = allowed[item["model"].lower()]
        try:
            [deserialized] = list(
                serializers.deserialize(
                    "python",
                    [{"model": model._meta.label_lower, "fields": item["fields"]}],
                    handle_forward_references=True,
                )
            )
        except (
            DeserializationError,
            ObjectDoesNotExist,
            ValidationError,
            ValueError,
        ) as error:
            problems.append(f"{where}: {_missing(error.__cause__ or error)}")
            continue
        missing = [f for f in (deserialized.deferred_fields or {}) if not f.many_to_many]
        if missing:
            for field_ in missing:
                problems.append(
                    f"{where}: {field_.name} refers to {item['fields'][field_.name]}, "
                    "which is neither in the file nor in the database"
                )
            continue
        obj = deserialized.object
        # The deserializer found the row with this natural key, if any.
        existing = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        if existing is not None:
            # An update of that row: constraints must not count it as a duplicate.
            obj._state.adding = False
            # A relation the file does not carry (a record's created_by) stays.
            for field in model._meta.concrete_fields:
                if field.is_relation and not field.serialize:
                    setattr(obj, field.attname, getattr(existing, field.attname))
        before = _snapshot(existing)
        try:
            obj.full_clean(validate_unique=False)
            with transaction.atomic():
                deserialized.save()
        except ValidationError as error:
            problems.append(f"{where}: {messages(error)}")
            continue
        except (IntegrityError, DatabaseError) as error:
            problems.append(f"{where}: refused by the database: {error}".strip())
            continue
        saved.append((model._meta.label_lower, obj, before, deserialized, where))
    # Links to objects further down the file are set once everything is saved.
    for _, _, _, deserialized, where in saved:
        if deserialized.deferred_fields:
            try:
                deserialized.save_deferred_fields()
            except (DeserializationError, ObjectDoesNotExist) as error:
                problems.append(f"{where}: {_missing(error.__cause__ or error)}")
    if problems:
        return
    for model_label, obj, before, _, _ in saved:
        if before is None:
            report.add("created", model_label, type(obj), obj.pk)
        elif before != _snapshot(type(obj)._default_manager.get(pk=obj.pk)):
            report.add("updated", model_label, type(obj), obj.pk)
        else:
            report.add("unchanged", model_label)


def _missing(error):
    text = str(error)
    if isinstance(error, ObjectDoesNotExist) or "does not exist" in text:
        return f"refers to a record that is neither in the file nor in the database ({text})"
    return text
