"""Importing a fixture: validate the whole file, then write it all or nothing."""

import contextlib
import functools
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import CharField, TextField

from collabkb import changes
from collabkb.curation import checks
from collabkb.exchange import batched, history, review
from collabkb.exchange.batched import messages
from collabkb.exchange.export import key_fields, label, models_by_label, natural_key_of_data
from collabkb.kinds import registry
from collabkb.published.dbstats import refresh_statistics


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
    held: list = field(default_factory=list)  # records it would publish, held in review

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


def parse(source):
    """The objects of ``source`` (text, or a file opened as text) as ``Parsed``,
    or ImportRefused with what is wrong.

    The file is read an object at a time: neither its whole text nor all its
    objects as Python values are held at once."""
    handle = io.StringIO(source) if isinstance(source, str) else source
    problems = []
    seen = {}  # (model, natural key): position, to find the same record twice
    parsed = Parsed()
    allowed = models_by_label()
    try:
        for position, item in enumerate(_Reader(handle).items(), start=1):
            model, found = _check(item, position, allowed, seen)
            problems += found
            if problems:
                parsed.clear()  # refused: nothing more to keep
            else:
                parsed.append(model._meta.label_lower, item)
    except _DuplicateKey as error:
        raise ImportRefused(
            [
                f"the key “{error.args[0]}” appears twice in one object: a file must not "
                "leave it to chance which value counts"
            ]
        ) from None
    if problems:
        raise ImportRefused(problems)
    return parsed


def _check(item, position, allowed, seen):
    """(model, [problems]) of one object of the file."""
    where = _describe(item, position, allowed)
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
        return None, [f"{where}: expected an object with “model” and “fields”"]
    model = allowed.get(str(item.get("model", "")).lower())
    if model is None:
        return None, [
            f"{where}: unknown model “{item.get('model')}”; "
            f"expected one of {', '.join(sorted(allowed))}"
        ]
    problems = []
    for name in item["fields"]:
        try:
            field_ = model._meta.get_field(name)
        except FieldDoesNotExist:
            problems.append(f"{where}: {model._meta.label} has no field “{name}”")
            continue
        if field_.many_to_many and not field_.remote_field.through._meta.auto_created:
            problems.append(f"{where}: {old_shape(field_)}")
    problems += [f"{where}: {problem}" for problem in text_problems(model, item["fields"])]
    missing = [name for name in required_fields(model) if name not in item["fields"]]
    if missing:
        problems.append(f"{where}: missing required field(s): {', '.join(missing)}")
    try:
        key = (label(model), repr(natural_key_of_data(item, model)))
    except (KeyError, TypeError):
        problems.append(f"{where}: has no natural key ({', '.join(key_fields(model))})")
        return model, problems
    if key in seen:
        problems.append(f"{where}: the same record as object {seen[key]} (duplicate key)")
    seen.setdefault(key, position)
    return model, problems


def old_shape(field_):
    """What to do with a record carrying ``field_``'s rows as a list inside it."""
    through = field_.remote_field.through
    ends = {f.name for f in through._meta.concrete_fields if f.is_relation}
    extra = [f.name for f in through._meta.concrete_fields if not f.primary_key]
    given = " and ".join(name for name in extra if name not in ends)
    return (
        f"gives its {field_.name} as a list inside the record, as exports did before each "
        f"became a row of its own ({through._meta.label_lower}, with its {given}); convert "
        "the file with `python manage.py convert_export FILE NEW_FILE` and import NEW_FILE"
    )


class Parsed:
    """The objects of a file, each kept as compact UTF-8 JSON until it is written.

    Parsed objects take several times the room of their text (a dict, a str
    and a list per value); kept as bytes, a whole file's objects take less
    than the file, and each model's are parsed again only while it is written."""

    def __init__(self):
        self._items = []  # (model label, JSON bytes), in the order of the file

    def append(self, model_label, item):
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        self._items.append((model_label, text.encode("utf-8", "surrogatepass")))

    def extend(self, other):
        self._items += other._items

    def clear(self):
        self._items = []

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        """(position, object) in the order of the file."""
        for position, (_, data) in enumerate(self._items, start=1):
            yield position, _loads(data)

    def by_model(self):
        """{model label: [(position, JSON bytes)]}."""
        grouped = {}
        for position, (model_label, data) in enumerate(self._items, start=1):
            grouped.setdefault(model_label, []).append((position, data))
        return grouped


def _loads(data):
    return json.loads(data.decode("utf-8", "surrogatepass"))


CHUNK_CHARS = 1 << 16  # read a time from the file
_SPACE = re.compile(r"[ \t\n\r]*")


class _Reader:
    """The items of a JSON list read one by one from ``handle``, with json's own
    scanner: its messages, its depth limit, and ``_refuse_duplicate_keys``."""

    _decoder = json.JSONDecoder(object_pairs_hook=_refuse_duplicate_keys)

    def __init__(self, handle):
        self.handle = handle
        self.buffer, self.at, self.done = "", 0, False
        self.line, self.column = 1, 0  # of the start of ``buffer``, for messages
        self._more(CHUNK_CHARS)
        self.buffer = self.buffer.removeprefix("\ufeff")  # a byte-order mark

    def _more(self, size):
        """Read at least ``size`` more characters; False at the end of the file."""
        chunk = "" if self.done else self.handle.read(max(size, CHUNK_CHARS))
        if not chunk:
            self.done = True
            return False
        # What is already read is let go: only the rest of the buffer is kept.
        gone = self.buffer[: self.at]
        newlines = gone.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(gone) - gone.rfind("\n") - 1
        else:
            self.column += len(gone)
        self.buffer, self.at = self.buffer[self.at :] + chunk, 0
        return True

    def _skip_space(self):
        while True:
            self.at = _SPACE.match(self.buffer, self.at).end()
            if self.at < len(self.buffer) or not self._more(CHUNK_CHARS):
                return

    def _next_char(self):
        self._skip_space()
        return self.buffer[self.at : self.at + 1]

    def _error(self, message, line, column):
        return ImportRefused([f"not valid JSON at line {line}, column {column}: {message}"])

    def _where(self, at):
        line = self.line + self.buffer.count("\n", 0, at)
        start = self.buffer.rfind("\n", 0, at)
        column = at - start if start >= 0 else self.column + at + 1
        return line, column

    def _value(self):
        """The value at ``at``, reading more of the file until it is whole."""
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError as error:
                # Perhaps only cut short by the end of the buffer: read on.
                if self._more(len(self.buffer)):
                    continue
                line, column = self._where(error.pos)
                raise self._error(error.msg, line, column) from None
            except RecursionError:
                if self._more(len(self.buffer)):
                    continue
                raise _too_deep() from None
            if end == len(self.buffer) and self._more(CHUNK_CHARS):
                continue  # a number may go on in what is not read yet
            self.at = end
            return value

    def items(self):
        """Each item of the list in turn; ImportRefused if it is not a list."""
        if self._next_char() != "[":
            # Not a list: read whole (it is under the size limit) for json's
            # message, or to say what was expected.
            while self._more(CHUNK_CHARS):
                pass
            _ = self._value()
            if self._next_char():
                line, column = self._where(self.at)
                raise self._error("Extra data", line, column)
            raise ImportRefused(["expected a JSON list of objects, as export_kb writes"])
        self.at += 1
        if self._next_char() == "]":
            self.at += 1
        else:
            while True:
                self._skip_space()
                yield self._value()
                separator = self._next_char()
                if separator == ",":
                    self.at += 1
                    continue
                if separator == "]":
                    self.at += 1
                    break
                line, column = self._where(self.at)
                raise self._error("Expecting ',' delimiter", line, column)
        if self._next_char():
            line, column = self._where(self.at)
            raise self._error("Extra data", line, column)


def _too_deep():
    return ImportRefused(
        ["the JSON is nested too deeply to be a fixture (export_kb writes 4 levels)"]
    )


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


def apply(data, dry_run=False, comment="Imported with import_kb", user=None, publish=False):
    """Import ``data`` (parsed); raise ImportRefused and write nothing on problems.

    Into a knowledge base that holds records, it changes nothing readers see
    unless ``publish`` (see collabkb/exchange/review.py): records it would
    publish wait in review, and a change to a published record raises
    ``review.PublishedChangeRefused``, nothing written. Each record created
    or changed gets a version by ``user`` (``comment``)."""
    report = Report()
    problems = []
    loading = review.knowledge_base_is_empty()
    published_before = {} if loading else review.published_pks()
    try:
        with (
            _unlogged(),
            transaction.atomic(),
        ):
            # One change, announced at the end: the stores derived from the
            # content (search, figures, cached pages) follow it then.
            with changes.batch():
                _apply_batched_or_not(data, report, problems, keep_dates=not loading)
                if problems:
                    raise ImportRefused(problems)
                if not loading:
                    _review(report, published_before, user, comment, publish)
                if dry_run:
                    raise _DryRun
            history.record_versions(report.changed, comment, user=user)
            refresh_statistics()
    except _DryRun:
        pass
    return report


def _review(report, published_before, user, comment, publish):
    """What readers would see of the import: held for review, refused, or,
    with ``publish``, recorded as a change of each published record; then a
    record it publishes that was not published here must pass the checks
    before publishing, as an editor's publish in the admin does."""
    if publish:
        _refuse_unready(review.newly_published(report.changed, published_before))
    else:
        report.held = review.hold_new_publications(report.changed, published_before, user, comment)
    touched = review.records_readers_see_changed(report.changed, published_before)
    if touched and not publish:
        raise review.PublishedChangeRefused(touched)
    # Every record it changed, and every published one showing what it
    # changed: its "Last updated" moves, and it gets a version.
    for model, pks in report.changed.items():
        if registry.for_model(model):
            touched.setdefault(model, set()).update(pks)
    review.mark_changed(touched)
    for model, pks in touched.items():
        known = report.changed.setdefault(model, [])
        seen = set(known)
        known += [pk for pk in pks if pk not in seen]


def _refuse_unready(records):
    """ImportRefused, naming each record of ``records`` ({model: [record]})
    that fails a check before publishing and why."""
    unready = []
    for model, found in records.items():
        problems = checks.problems_of(found)
        for record in found:
            if problems[record.pk]:
                name = f"{model._meta.verbose_name} “{record}” ({record.slug})"
                unready.append(f"{name} cannot be published: {'; '.join(problems[record.pk])}")
    if unready:
        raise ImportRefused(unready)


@contextlib.contextmanager
def _unlogged():
    """No log of the import's queries with DEBUG on (the default): Django keeps
    the SQL of the last 9,000, values included, and an import's bulk inserts
    would keep the whole file there. Kept when something counts queries
    (assertNumQueries)."""
    if connection.force_debug_cursor:
        yield
        return
    log, connection.queries_log = connection.queries_log, deque(maxlen=0)
    try:
        yield
    finally:
        connection.queries_log = log


def _apply_batched_or_not(data, report, problems, keep_dates=False):
    """In batches (see ``batched``) when the file is as export_kb writes it."""
    allowed = models_by_label()
    try:
        with transaction.atomic():
            batched.apply(
                data,
                report,
                problems,
                lambda item, at: _describe(item, at, allowed),
                _loads,
                keep_dates,
            )
    except batched.NotBatchable:
        _apply(data, report, problems, keep_dates)


def _apply(data, report, problems, keep_dates=False):
    """Object by object, with Django's deserializer."""
    saved = []  # (label, object, snapshot before, deserialized, where)
    allowed = models_by_label()
    for position, item in data:
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
            for name in batched.dates(model) if keep_dates else ():
                setattr(obj, name, getattr(existing, name))
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
