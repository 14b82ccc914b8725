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

import itertools
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

_prepared = {}
_counter = itertools.count(1)


@dataclass(frozen=True)
class Query:
    sql: str
    slots: tuple  # per parameter: (True, index into the flat values) or (False, constant)
    converters: dict
    compiler: object


def _stand_in(value):
    """A value of the same type as ``value`` that no query holds by chance."""
    number = next(_counter)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"a prepared query takes ints, strings and lists of them, not {value!r}")
    return -(10**12) - number if isinstance(value, int) else f"\x00stand-in {number}"


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


def _prepare(build, values, shape):
    flat, _ = _flat(values)
    stand_ins = [_stand_in(value) for value in flat]
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
    sql, params = compiler.as_sql()
    where = {stand_in: index for index, stand_in in enumerate(stand_ins)}
    slots = tuple((True, where[p]) if p in where else (False, p) for p in params)
    missing = set(range(len(stand_ins))) - {index for held, index in slots if held}
    if missing:
        raise ValueError(f"{build.__qualname__}: a value is not a parameter of its SQL")
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    return Query(sql, slots, compiler.get_converters(fields), compiler)


def rows(build, values=(), shape=()):
    """The rows of ``build(*shape, *values)`` (a values_list queryset), as a list of tuples."""
    flat, kinds = _flat(values)
    key = (build, shape, kinds)
    query = _prepared.get(key)
    if query is None:
        query = _prepared[key] = _prepare(build, values, shape)
    params = [flat[x] if held else x for held, x in query.slots]
    connection = connections[query.compiler.using]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        found = cursor.fetchall()
    if query.converters:
        found = query.compiler.apply_converters(found, query.converters)
    return [tuple(row) for row in found]


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


def _values_of(model, build, related):
    """``build`` reading the columns of ``model`` and of its ``related`` as a values_list."""
    key = (model, build, related)
    if key not in _record_builds:
        own, joined = _columns(model, related)
        paths = [f"{name}__{column}" for name, _, columns in joined for column in columns]

        def values_of(*args):
            return build(*args).values_list(*own, *paths)

        values_of.__qualname__ = build.__qualname__
        _record_builds[key] = values_of
    return _record_builds[key]


def records(model, build, values=(), shape=(), related=()):
    """The ``model`` instances of ``build(*shape, *values)`` (a queryset of
    ``model``), their concrete fields read, each with the rows of its foreign
    keys ``related`` (as select_related joins them; None where empty)."""
    own, joined = _columns(model, related)
    found = []
    for row in rows(_values_of(model, build, related), values, shape):
        record = model.from_db(DEFAULT_DB_ALIAS, own, row[: len(own)])
        at = len(own)
        for name, other, columns in joined:
            part, at = row[at : at + len(columns)], at + len(columns)
            empty = part[0] is None
            setattr(record, name, None if empty else other.from_db(DEFAULT_DB_ALIAS, columns, part))
        found.append(record)
    return found
