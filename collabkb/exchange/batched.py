"""Import a fixture in batches: a few queries per model, not several per object.

The file is read model by model in dependency order, and each model's
objects ``CHUNK`` at a time. For each model, one query reads the natural keys
of the rows already there; for each chunk, one reads the values of the rows
it updates; every object is built, its foreign keys resolved from those keys
(and the rows the import made before it), and validated in Python; then the
new rows are written with one bulk insert and the changed ones with one bulk
update. Many-to-many links are applied last, each field in a few statements,
as Django's ``set()`` would have left them object by object.

When a bulk write is refused by the database (a check or unique constraint),
that model's objects are saved one by one to name each object at fault, as
the per-object import does; the whole import is rolled back anyway. A file
in a shape this path does not know (a foreign key given as an id, a link
through a model of its own) raises ``NotBatchable`` and is imported object
by object.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from taggit.models import Tag

from collabkb import changes
from collabkb.exchange.export import exported_models, key_fields, models_by_label
from collabkb.models.base import StoredFigure, fill_derived_fields
from collabkb.models.claims import Link


@dataclass(slots=True)
class Row:
    """A written object, by its primary key (None if the database refused it)."""

    pk: int | None


CHUNK = 500  # objects of one model written a time


class NotBatchable(Exception):
    """The file needs the object-by-object import."""


def _flat(value):
    return tuple(value) if isinstance(value, list | tuple) else (value,)


class Keys:
    """Natural key ↔ primary key of every row of each model, read once."""

    def __init__(self):
        self._by_key = {}
        self._by_pk = {}

    def _load(self, model):
        if model in self._by_key:
            return
        fields = [model._meta.get_field(name) for name in key_fields(model)]
        rows = model._default_manager.order_by().values_list(
            "pk", *[field.attname for field in fields]
        )
        by_key, by_pk = {}, {}
        for pk, *parts in rows:
            key = ()
            for field, part in zip(fields, parts, strict=True):
                key += self.key_of(field.related_model, part) if field.is_relation else (part,)
            by_key[key], by_pk[pk] = pk, key
        self._by_key[model], self._by_pk[model] = by_key, by_pk

    def pk(self, model, key):
        self._load(model)
        return self._by_key[model].get(key)

    def key_of(self, model, pk):
        self._load(model)
        return self._by_pk[model][pk]

    def add(self, model, key, pk):
        self._load(model)
        self._by_key[model][key], self._by_pk[model][pk] = pk, key

    def forget(self, model):
        self._by_key.pop(model, None)
        self._by_pk.pop(model, None)


def _check_shape(model, items):
    """Raise NotBatchable unless every object is as export_kb writes it."""
    for _, item in items:
        for name, value in item["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                through = getattr(field.remote_field, "through", None)
                if not (field.serialize and through and through._meta.auto_created):
                    raise NotBatchable
                if not isinstance(value, list) or not all(isinstance(v, list) for v in value):
                    raise NotBatchable
            elif field.is_relation and value is not None and not isinstance(value, list):
                raise NotBatchable
        if model is Tag and not item["fields"].get("slug"):
            raise NotBatchable  # Tag.save() would make the slug


def apply(data, report, problems, describe, loads, keep_dates=False):
    """Import ``data`` (objects as compact JSON, which ``loads`` parses); add to
    ``report``, or to ``problems`` what is wrong. With ``keep_dates``, a row
    already there keeps its created and updated times (see ``dates``).

    ``data`` is consumed: each model's objects are let go once written, and
    only the primary keys of what was written are kept, so that memory stays
    a small multiple of the file's size."""
    allowed = models_by_label()
    # Each model's objects stay compact JSON until that model is written.
    by_model = {allowed[name]: items for name, items in data.by_model().items()}
    order = [model for model in exported_models() if model in by_model]
    for model in order:
        _check_shape(model, ((position, loads(item)) for position, item in by_model[model]))
    data.clear()
    keys = Keys()
    written = {}  # model: [(row, was it new, did its fields change)]
    links = []  # (model, row, {field: natural keys}, where)
    for model in order:
        items = by_model.pop(model)
        written[model] = []
        # A chunk at a time: the objects of one model may be most of the file.
        for start in range(0, len(items), CHUNK):
            chunk = [(position, loads(item)) for position, item in items[start : start + CHUNK]]
            written[model] += _write_model(
                model, chunk, keys, problems, links, describe, keep_dates
            )
            del chunk
        del items
    changed_links, link_ends = _write_links(links, keys, problems)
    if problems:
        return
    changed_links |= _remove_links_left_out(written)
    touched = {}
    for model, objects in written.items():
        for obj, new, changed in objects:
            if new:
                outcome = "created"
            elif changed or (model, obj.pk) in changed_links:
                outcome = "updated"
            else:
                outcome = "unchanged"
            if outcome != "unchanged":
                changes.merge(touched, {model: {obj.pk}})
            report.add(outcome, model._meta.label_lower, model, obj.pk)
    for model, pk in changed_links | link_ends:
        changes.merge(touched, {model: {pk}})
    if touched:
        changes.announce_changes(touched)  # bulk writes send no signals


def _build(model, item, keys, where, problems):
    """The object of one item, its foreign keys resolved; None on problems."""
    values, ok = {}, True
    for name, value in item["fields"].items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            continue
        if field.is_relation:
            if value is None:
                values[field.attname] = None
                continue
            pk = keys.pk(field.related_model, _flat(value))
            if pk is None:
                problems.append(
                    f"{where}: {name} refers to {value}, which is neither in the file "
                    "nor in the database"
                )
                ok = False
            values[field.attname] = pk
            continue
        try:
            values[field.attname] = field.to_python(value)
        except ValidationError as error:
            problems.append(f"{where}: {name}: {' '.join(error.messages)}")
            ok = False
    return model(**values) if ok else None


def dates(model):
    """The attnames of ``model``'s times of this database (created, updated):
    an import into a knowledge base that holds records keeps them on rows
    already there, so that importing a file twice changes nothing the second time."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]


def _write_model(model, items, keys, problems, links, describe, keep_dates=False):
    # Not a relation the file does not carry (a record's created_by), nor a
    # stored figure (made again after the import): an import leaves them.
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and (field.serialize or not field.is_relation)
        and not isinstance(field, StoredFigure)
    ]
    relations = [field.name for field in fields if field.is_relation]
    built = []  # (object, natural key, where)
    linked = []  # (object, {field: natural keys}, where)
    objects = []
    for position, item in items:
        where = describe(item, position)
        obj = _build(model, item, keys, where, problems)
        if obj is not None:
            objects.append((obj, item, where))
    # A model's own clean() or shown title may read its foreign keys (a
    # citation's source, a practice's series): fetched here, a query per field.
    if model.clean is not models.Model.clean or "make_shown_title" in vars(model):
        _attach_related(model, [obj for obj, _, _ in objects])
    for obj, item, where in objects:
        key = tuple(part for name in key_fields(model) for part in _flat(item["fields"][name]))
        existing = keys.pk(model, key)
        if existing is not None:
            obj.pk = existing
            obj._state.adding = False
        try:
            # Foreign keys were resolved above; constraints are the database's
            # to check, in the bulk write (a refusal is then traced per object).
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems.append(f"{where}: {messages(error)}")
            continue
        fill_derived_fields(model, obj)
        built.append((obj, key, where))
        given = {
            name: value
            for name, value in item["fields"].items()
            if model._meta.get_field(name).many_to_many
        }
        if given:
            linked.append((obj, given, where))
    # The stored values of the rows this chunk updates, to tell what changed.
    stored = {
        row.pop("pk"): row
        for row in model._default_manager.order_by()
        .filter(pk__in=[obj.pk for obj, _, _ in built if not obj._state.adding])
        .values("pk", *[field.attname for field in fields])
    }
    if keep_dates:
        for obj, _, _ in built:
            for name in () if obj._state.adding else dates(model):
                setattr(obj, name, stored[obj.pk][name])
    new = [obj for obj, _, _ in built if obj._state.adding]
    new_ids = {id(obj) for obj in new}
    changed = {
        obj.pk
        for obj, _, _ in built
        if not obj._state.adding
        and any(_differs(getattr(obj, f.attname), stored[obj.pk][f.attname]) for f in fields)
    }
    try:
        with transaction.atomic(), _as_given(model):
            model._default_manager.bulk_create(new)
            if changed:
                model._default_manager.bulk_update(
                    [obj for obj, _, _ in built if obj.pk in changed], [f.name for f in fields]
                )
    except (IntegrityError, DatabaseError):
        _trace_refusal(built, problems)
    if any(obj.pk is None for obj in new):
        keys.forget(model)  # a database that returns no ids from a bulk insert
        for obj, key, _ in built:
            obj.pk = keys.pk(model, key)
    else:
        for obj, key, _ in built:
            keys.add(model, key, obj.pk)
    # What is kept of the objects once written: their primary keys.
    links += [(model, Row(obj.pk), given, where) for obj, given, where in linked]
    return [(Row(obj.pk), id(obj) in new_ids, obj.pk in changed) for obj, _, _ in built]


def _differs(given, stored):
    """As the export sees it: times to the millisecond, as DjangoJSONEncoder writes them."""
    if isinstance(given, datetime.datetime | datetime.time) and type(stored) is type(given):
        given = given.replace(microsecond=given.microsecond // 1000 * 1000)
        stored = stored.replace(microsecond=stored.microsecond // 1000 * 1000)
    return given != stored


def _attach_related(model, objects):
    """Give ``objects`` their foreign-key targets, a query per field, for what
    reads them (a citation's clean() asks whether its source is a video)."""
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        pks = {getattr(obj, field.attname) for obj in objects} - {None}
        targets = field.related_model._default_manager.in_bulk(pks)
        for obj in objects:
            target = targets.get(getattr(obj, field.attname))
            if target is not None:
                field.set_cached_value(obj, target)


@contextlib.contextmanager
def _as_given(model):
    """Dates as the file gives them: bulk_create would stamp ``auto_now`` and
    ``auto_now_add`` fields with the time of the import (loaddata's raw saves
    do not). Only the import command writes while this holds."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _, _ in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in stamped:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _trace_refusal(built, problems):
    """Save one by one to name every object the database refuses."""
    for obj, _, where in built:
        try:
            obj.validate_constraints()
            with transaction.atomic():
                obj.save()
        except ValidationError as error:
            problems.append(f"{where}: {messages(error)}")
        except (IntegrityError, DatabaseError) as error:
            problems.append(f"{where}: refused by the database: {error}".strip())


def _write_links(links, keys, problems):
    """Apply each object's many-to-many lists; the (model, pk) whose links
    changed, and the (model, pk) at the other end of a link added or removed."""
    by_field = {}
    for model, obj, given, where in links:
        for name, values in given.items():
            field = model._meta.get_field(name)
            by_field.setdefault(field, []).append((obj, values, where))
    changed, ends = set(), set()
    for field, entries in by_field.items():
        field_changed, field_ends = _write_field(field, entries, keys, problems)
        changed |= field_changed
        ends |= field_ends
    return changed, ends


def _write_field(field, entries, keys, problems):
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    mirrored = field.remote_field.symmetrical and field.related_model is field.model
    rows = {(s, t): pk for pk, s, t in through.objects.order_by().values_list("pk", source, target)}
    links = {}
    for s, t in rows:
        links.setdefault(s, set()).add(t)
    before = {obj.pk: frozenset(links.get(obj.pk, ())) for obj, _, _ in entries}
    for obj, values, where in entries:
        wanted = set()
        for value in values:
            pk = keys.pk(field.related_model, _flat(value))
            if pk is None:
                problems.append(
                    f"{where}: {field.name} refers to {value}, which is neither in the file "
                    "nor in the database"
                )
            else:
                wanted.add(pk)
        if obj.pk is None:
            continue  # refused above; its problem is already reported
        current = links.setdefault(obj.pk, set())
        for pk in current - wanted:
            current.discard(pk)
            if mirrored:
                links.get(pk, set()).discard(obj.pk)
        for pk in wanted - current:
            current.add(pk)
            if mirrored:
                links.setdefault(pk, set()).add(obj.pk)
    final = {(s, t) for s, targets in links.items() for t in targets}
    gone_pairs = [pair for pair in rows if pair not in final]
    gone = [rows[pair] for pair in gone_pairs]
    for start in range(0, len(gone), 500):
        through.objects.filter(pk__in=gone[start : start + 500]).delete()
    added = sorted(final - rows.keys())
    del final
    for start in range(0, len(added), CHUNK):
        through.objects.bulk_create(
            [through(**{source: s, target: t}) for s, t in added[start : start + CHUNK]]
        )
    changed = {
        (field.model, pk)
        for pk, was in before.items()
        if pk is not None and was != frozenset(links.get(pk, ()))
    }
    # The other ends of links added or removed show them too.
    return changed, {(field.related_model, t) for _, t in [*added, *gone_pairs]}


def _remove_links_left_out(written):
    """Links between two records the file carries are what the file says: a
    link row of the database joining two of them that the file leaves out is
    removed (as a record's list of links was once set whole). Links to
    records the file does not carry stay. The (model, pk) of the records
    whose links were removed."""
    ends = {}
    for model in exported_models():
        if not issubclass(model, Link):
            continue
        first, second = (model._meta.get_field(name) for name in model.ends)
        carried = [
            {row.pk for row, _, _ in written.get(field.related_model, ()) if row.pk is not None}
            for field in (first, second)
        ]
        if not all(carried):
            continue
        kept = {row.pk for row, _, _ in written.get(model, ())}
        gone = [
            (pk, one, other)
            for pk, one, other in model._default_manager.order_by().values_list(
                "pk", first.attname, second.attname
            )
            if one in carried[0] and other in carried[1] and pk not in kept
        ]
        for start in range(0, len(gone), CHUNK):
            model._default_manager.filter(
                pk__in=[pk for pk, _, _ in gone[start : start + CHUNK]]
            ).delete()
        for _, one, other in gone:
            ends.setdefault((first.related_model, one), None)
            ends.setdefault((second.related_model, other), None)
    return set(ends)


def messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
