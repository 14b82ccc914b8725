"""Queries built once per shape and run with each page's values.

Django builds and compiles a queryset's SQL each time it is evaluated, and
for the reads of a record page that costs far more than the database's work
(resolving the joins of a link list is about twenty times the time of
running it). A page's reads have few shapes: "the published records linked
to record N by ``addressed_by``, the first 10 by title" differs from page to
page only in N. ``rows(build, values, shape)`` calls ``build(*shape,
*values)`` once per shape with stand-in values, keeps the SQL it compiles to
and where each stand-in sits among its parameters, and from then on runs
that SQL with the real values, converting the rows as Django's values_list
would. What it keeps is SQL text: every call reads the database.

``build`` returns a ``values_list`` queryset (not flat, not named) and is a
function of its arguments alone. ``shape`` holds what changes the SQL
itself (models, names, a limit: hashable). ``values`` are ints, strings or
lists of them. A list's duplicates are dropped, as Django drops them from
``IN``, and its length rounded up to a power of two by repeating its last
value (the same ``IN``), so that a query has few shapes whatever the lists.
"""

import threading
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

_prepared = {}
_keeping = threading.Lock()
KEPT = 512  # shapes kept; past it the oldest is dropped (a plan's shape holds what was asked)


@dataclass(frozen=True)
class Query:
    sql: str
    slots: tuple  # per parameter: (True, index into the flat values) or (False, constant)
    converters: list  # [(column, ([converter], expression))], as Django's compiler gives them
    using: str  # the database alias


def _stand_ins(flat, base):
    """A stand-in for each of the values ``flat``, of its type: ints from
    ``base`` up (positive and small, so that no field's range refuses them),
    distinct strings."""
    found = []
    for number, value in enumerate(flat, start=base):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"a prepared query takes ints, strings and lists, not {value!r}")
        found.append(number if isinstance(value, int) else f"\x00stand-in {number}")
    return found


def _padded(values):
    """The list ``values`` without duplicates, its length rounded up to a
    power of two by repeating its last value."""
    items = list(dict.fromkeys(values))
    if not items:
        raise ValueError("a prepared query takes no empty list (IN () matches nothing)")
    size = 1 << (len(items) - 1).bit_length()
    return items + items[-1:] * (size - len(items))


def _flat(values):
    """The values, lists opened, and the shape of each (its type, or a list's length)."""
    flat, kinds = [], []
    for value in values:
        if isinstance(value, (list, tuple, set, frozenset)):
            items = _padded(value)
            flat += items
            kinds.append(("list", len(items)))
        else:
            flat.append(value)
            kinds.append(type(value).__name__)
    return flat, tuple(kinds)


def _compiled(build, values, shape, stand_ins):
    """The compiler and (sql, params) of ``build`` given ``stand_ins`` for ``values``."""
    args, at = [], 0
    for value in values:
        if isinstance(value, (list, tuple, set, frozenset)):
            size = len(_padded(value))
            args.append(stand_ins[at : at + size])
            at += size
        else:
            args.append(stand_ins[at])
            at += 1
    queryset = build(*shape, *args)
    compiler = queryset.query.get_compiler(queryset.db)
    return compiler, compiler.as_sql()


def _prepare(build, values, shape):
    """The query of ``build`` for ``values`` of this shape: compiled twice,
    with two sets of stand-ins; a parameter that follows the stand-in of a
    value in both is where that value goes, one that stays put is part of
    the query (a constant that a stand-in may equal by chance included)."""
    flat, _ = _flat(values)
    for base in (20_001, 23_001, 26_001):  # a constant equal to a stand-in may change the SQL
        first, second = _stand_ins(flat, base), _stand_ins(flat, base + 1_000)
        compiler, (sql, params) = _compiled(build, values, shape, first)
        _, (other_sql, other_params) = _compiled(build, values, shape, second)
        if other_sql == sql and len(other_params) == len(params):
            break
    else:
        raise ValueError(f"{build.__qualname__}: its SQL changes with its values")
    index = {pair: i for i, pair in enumerate(zip(first, second, strict=True))}
    slots = []
    for pair in zip(params, other_params, strict=True):
        if pair in index:
            slots.append((True, index[pair]))
        elif pair[0] == pair[1]:
            slots.append((False, pair[0]))
        else:  # made from a value (escaped, added to), or the time: not a constant
            raise ValueError(f"{build.__qualname__}: a parameter changes, but is no value's")
    missing = set(range(len(flat))) - {at for held, at in slots if held}
    if missing:
        raise ValueError(f"{build.__qualname__}: a value is not a parameter of its SQL")
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    return Query(sql, tuple(slots), converters, compiler.using)


def rows(build, values=(), shape=(), key=None):
    """The rows of ``build(*shape, *values)`` (a values_list queryset), as a
    list of tuples. ``key``: what identifies the shape where ``shape`` holds
    objects that cannot be hashed (it must change whenever the SQL would)."""
    flat, kinds = _flat(values)
    key = (build, shape if key is None else key, kinds)
    query = _prepared.get(key)
    if query is None:
        query = _prepare(build, values, shape)
        with _keeping:  # one thread at a time drops the oldest and adds
            while len(_prepared) >= KEPT:
                _prepared.pop(next(iter(_prepared)), None)
            _prepared[key] = query
    params = [flat[x] if held else x for held, x in query.slots]
    connection = connections[query.using]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        found = cursor.fetchall()
    if not query.converters:
        return [tuple(row) for row in found]
    converted = []
    for row in map(list, found):  # as Django's compiler, with this thread's connection
        for column, (converters, expression) in query.converters:
            value = row[column]
            for converter in converters:
                value = converter(value, expression, connection)
            row[column] = value
        converted.append(tuple(row))
    return converted


def _columns(model, related):
    """The attnames read of ``model``, and (name, model, attnames) of each of
    its foreign keys ``related``."""
    own = [f.attname for f in model._meta.concrete_fields]
    joined = []
    for name in related:
        other = model._meta.get_field(name).related_model
        joined.append((name, other, [f.attname for f in other._meta.concrete_fields]))
    return own, joined


_record_builds = {}


def _values_of(model, build, related, extra):
    """``build`` reading the columns of ``model``, of its ``related`` and the
    annotations ``extra``, as a values_list."""
    key = (model, build, related, extra)
    if key not in _record_builds:
        own, joined = _columns(model, related)
        paths = [f"{name}__{column}" for name, _, columns in joined for column in columns]

        def values_of(*args):
            return build(*args).values_list(*own, *paths, *extra)

        values_of.__qualname__ = build.__qualname__
        _record_builds[key] = values_of
    return _record_builds[key]


def records(model, build, values=(), shape=(), related=(), extra=(), key=None):
    """The ``model`` instances of ``build(*shape, *values)`` (a queryset of
    ``model``), their concrete fields read, each with the rows of its foreign
    keys ``related`` (as select_related joins them; None where empty) and
    its annotations ``extra`` as attributes (``key``: see ``rows``)."""
    own, joined = _columns(model, related)
    found = []
    for row in rows(_values_of(model, build, related, extra), values, shape, key):
        record = model.from_db(DEFAULT_DB_ALIAS, own, row[: len(own)])
        at = len(own)
        for name, other, columns in joined:
            part, at = row[at : at + len(columns)], at + len(columns)
            empty = part[0] is None
            setattr(record, name, None if empty else other.from_db(DEFAULT_DB_ALIAS, columns, part))
        for name, value in zip(extra, row[at:], strict=True):
            setattr(record, name, value)
        found.append(record)
    return found
