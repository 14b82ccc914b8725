"""What changed in the knowledge base, told to everything derived from it.

``connect(models)`` connects, in this one place, the signals of every
exported model and of its many-to-many links. A write becomes a *change*:
{model class: set of primary keys}, where an empty set means "all of that
model". What a signal tells:

- a row saved or deleted: that row, and the records it belongs to (a
  tagging's record, a participation's case and organisation);
- a record published or withdrawn (its status changed), or renamed (its
  place among titles changed): also every row its many-to-many links tie it
  to, whose pages and figures it now shows on or leaves, or moves in (a
  list or a neighbourhood shows its first records, and depends on those and
  on the records it links through);
- a link added, removed or cleared: both ends;
- a row deleted: also the rows its many-to-many links tied it to (those
  links go with it without a signal); a record deleted, every row it
  pointed to (its series).

Listeners register with ``listen(fn)`` and are called as ``fn(changed)``:

- by default at the write, inside its transaction: stores in the database
  (search documents, stored titles, stored figures, the versions of cached
  pages), which commit or roll back with the write;
- with ``after_commit=True``, once the transaction commits
  (``transaction.on_commit``): caches outside the database, which must never
  hold what a rolled-back or not yet committed write would show.

Writes that send no signal announce what they changed: ``announce(model,
pks)`` (``bulk_update``, a series rename, the batched import) or
``announce_everything()`` (a restored backup). A load or an import runs in
``batch()``: the signals inside it are collected and announced once, at its
end (a model with more than ``MOST`` rows changed counts as all of it).

``records(changed)`` says which records a change shows on: a citation's
change shows on the records citing it, a tag's on the records tagged with
it, a source's on the records citing it.
"""

import contextlib
import threading
from functools import partial

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from collabkb.kinds import registry

MOST = 500  # rows of one model a change names before it counts as all of them
_at_write, _after_commit = [], []
_connected = []  # the exported models, as connect() was given them
_state = threading.local()


def listen(listener, after_commit=False):
    """Call ``listener(changed)`` on every change: at the write, or after its commit."""
    listeners = _after_commit if after_commit else _at_write
    if listener not in listeners:
        listeners.append(listener)


def unlisten(listener):
    for listeners in (_at_write, _after_commit):
        if listener in listeners:
            listeners.remove(listener)


def announce(model, pks=(), using=None):
    """Tell the listeners that rows ``pks`` of ``model`` changed (none given: all of them)."""
    _dispatch({model: set(pks)}, using)


def announce_changes(changed, using=None):
    """Tell the listeners of ``changed`` ({model: pks}, an empty set meaning all)."""
    _dispatch({model: set(pks) for model, pks in changed.items()}, using)


def announce_everything(using=None):
    """All of the knowledge base may have changed (a restored backup)."""
    _dispatch({model: set() for model in _exported()}, using)


@contextlib.contextmanager
def batch():
    """Collect the changes made inside and announce them once, at the end
    (not at all if it fails): a load, an import."""
    batches = _batches()
    batches.append({})
    try:
        yield
    except BaseException:
        batches.pop()
        raise
    collected = batches.pop()
    if collected:
        _dispatch(collected)


def merge(into, changed):
    """Add ``changed`` to ``into`` (both {model: pks}; an empty set is all of a model)."""
    for model, pks in changed.items():
        if model not in into:
            into[model] = set(pks)
        elif into[model] and pks:
            into[model] |= pks
        else:
            into[model] = set()
        if len(into[model]) > MOST:
            into[model] = set()
    return into


def _batches():
    if not hasattr(_state, "batches"):
        _state.batches = []
    return _state.batches


def _dispatch(changed, using=None):
    changed = {model: pks for model, pks in changed.items() if pks is not None}
    if not changed:
        return
    batches = _batches()
    if batches:
        merge(batches[-1], changed)
        return
    changed = merge({}, changed)  # capped
    frozen = {model: frozenset(pks) for model, pks in changed.items()}
    for listener in list(_at_write):
        listener(frozen)
    if _after_commit:
        transaction.on_commit(partial(_committed, frozen), using=using or DEFAULT_DB_ALIAS)


def _committed(changed):
    for listener in list(_after_commit):
        listener(changed)


# What records a change shows on.


def records(changed):
    """{record model: pks} of the records ``changed`` shows on; None when it
    may be all of them (all of a model changed, or more than MOST rows)."""
    found = {}
    for model, pks in changed.items():
        if not pks:
            return None
        if registry.for_model(model):
            merge(found, {model: set(pks)})
        else:
            merge(found, _records_showing(model, pks))
        if any(not pks for pks in found.values()):
            return None
    return found


def _records_showing(model, pks, depth=1):
    """Records whose pages show rows ``pks`` of ``model`` (not a record kind)."""
    found = {}
    for kind in registry:
        record = kind.model
        for field in record._meta.many_to_many:
            if isinstance(field, models.ManyToManyField) and field.related_model is model:
                through = field.remote_field.through
                here, there = field.m2m_field_name(), field.m2m_reverse_field_name()
                rows = through._default_manager.filter(**{f"{there}_id__in": pks})
                _add(found, record, rows.values_list(f"{here}_id", flat=True))
        for field in record._meta.concrete_fields:
            if field.many_to_one and field.related_model is model:
                rows = record._default_manager.filter(**{f"{field.attname}__in": pks})
                _add(found, record, rows.values_list("pk", flat=True))
        for field in kind.tagged._meta.concrete_fields:
            if field.many_to_one and field.related_model is model:
                rows = kind.tagged._default_manager.filter(**{f"{field.attname}__in": pks})
                _add(found, record, rows.values_list("content_object_id", flat=True))
    if depth:
        # Rows that point at these (a source's citations) show on their records too.
        for child in _exported():
            if registry.for_model(child) or child in (k.tagged for k in registry):
                continue
            for field in child._meta.concrete_fields:
                if field.many_to_one and field.related_model is model:
                    rows = child._default_manager.filter(**{f"{field.attname}__in": pks})
                    ids = set(rows.values_list("pk", flat=True)[: MOST + 1])
                    if len(ids) > MOST:
                        return {kind.model: set() for kind in registry}
                    if ids:
                        merge(found, _records_showing(child, ids, depth - 1))
    return found


def _add(found, model, pks):
    """Merge the rows ``pks`` of ``model`` into ``found``: none is nothing
    (an empty set would mean all of them)."""
    pks = set(pks)
    if pks:
        merge(found, {model: pks})


def _exported():
    """The models ``connect`` was given: what the knowledge base exports."""
    return _connected


# The signals.


def links_of(model, pks):
    """{model: pks} of the rows the many-to-many links of rows ``pks`` of
    ``model`` tie them to, both ways (one query per link)."""
    found = {}
    for through, here, there, other in _link_tables(model):
        rows = through._default_manager.filter(**{f"{here}_id__in": pks})
        ids = set(rows.values_list(f"{there}_id", flat=True))
        if ids:
            merge(found, {other: ids})
    return found


def _link_tables(model):
    """(through model, this end's field, the other end's field, other model)
    of every many-to-many of ``model``, declared here or on the other model."""
    tables = []
    for field in model._meta.many_to_many:
        if isinstance(field, models.ManyToManyField):
            tables.append(
                (
                    field.remote_field.through,
                    field.m2m_field_name(),
                    field.m2m_reverse_field_name(),
                    field.related_model,
                )
            )
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.many_to_many and isinstance(field, models.ManyToManyField):
            if field.model is model:
                continue  # a link to its own kind, read above
            tables.append(
                (
                    field.remote_field.through,
                    field.m2m_reverse_field_name(),
                    field.m2m_field_name(),
                    field.model,
                )
            )
    return tables


def _pointed_to(model, instance, records_only):
    """{model: {pk}} of the rows ``instance`` points to (only records, or any)."""
    found = {}
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        if records_only and not registry.for_model(field.related_model):
            continue
        if not records_only and field.related_model not in _exported():
            continue
        pk = getattr(instance, field.attname)
        if pk is not None:
            merge(found, {field.related_model: {pk}})
    return found


SHOWN_ELSEWHERE = ("status", "title_sort")  # where it shows among its neighbours' links


def _status_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not registry.for_model(sender):
        return
    rows = sender._base_manager.filter(pk=instance.pk)
    instance._changes_before = rows.values_list(*SHOWN_ELSEWHERE).first()


def _saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    changed = {sender: {instance.pk}}
    merge(changed, _pointed_to(sender, instance, records_only=True))
    if registry.for_model(sender) and not raw and not created:
        now = tuple(getattr(instance, name) for name in SHOWN_ELSEWHERE)
        if getattr(instance, "_changes_before", now) != now:
            merge(changed, links_of(sender, [instance.pk]))
    _dispatch(changed, using)


def _deleting(sender, instance, **kwargs):
    instance._changes_links = links_of(sender, [instance.pk])


def _deleted(sender, instance, using=None, **kwargs):
    changed = {sender: {instance.pk}}
    # A record gone leaves what it pointed to (its series); another row, its records.
    merge(changed, _pointed_to(sender, instance, records_only=not registry.for_model(sender)))
    merge(changed, getattr(instance, "_changes_links", {}))
    _dispatch(changed, using)


def _ends(sender, instance, reverse, model):
    """(this end's field, the other end's field) of the link table ``sender``."""
    holder = model if reverse else type(instance)
    for field in holder._meta.many_to_many:
        if getattr(field.remote_field, "through", None) is sender:
            here, there = field.m2m_field_name(), field.m2m_reverse_field_name()
            return (there, here) if reverse else (here, there)
    raise LookupError(sender)


def _links_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    if action == "pre_clear":
        here, there = _ends(sender, instance, reverse, model)
        rows = sender._default_manager.filter(**{f"{here}_id": instance.pk})
        instance._changes_cleared = set(rows.values_list(f"{there}_id", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ends = set(pk_set or ()) if action != "post_clear" else instance._changes_cleared
    changed = {type(instance): {instance.pk}}
    # A row that is no record (a link, whose citations changed) shows on its records.
    if not registry.for_model(type(instance)):
        merge(changed, _pointed_to(type(instance), instance, records_only=True))
    if ends:
        merge(changed, {model: ends})
    _dispatch(changed, using)


def connect(exported):
    """Connect the signals of ``exported`` (every exported model) and their links."""
    _connected[:] = list(exported)
    for model in exported:
        uid = f"changes-{model._meta.label_lower}"
        pre_save.connect(_status_before, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(_deleting, sender=model, dispatch_uid=uid + "-pre-del")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-del")
        for field in model._meta.many_to_many:
            if isinstance(field, models.ManyToManyField):
                m2m_changed.connect(
                    _links_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}-{field.name}",
                )
