"""The stored figures follow every write: Django's signals call ``refresh``.

A record saved (raw saves of a load or a restore too), a link added or
removed either way, a citation changed, a participation saved: each calls
``figures.refresh`` with what it changed, in the writer's transaction. A
delete is read before it happens (``pre_delete``: what the row links to and
what cites a citation) and refreshed after it.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from collabkb import figures

# The migrations that add stored figures: after one, the figures are made.
FIGURE_MIGRATIONS = {
    ("challenges", "0008_stored_figures"),
    ("practices", "0008_stored_figures"),
    ("cases", "0008_stored_figures"),
}


def _saved(sender, instance, **kwargs):
    figures.refresh({sender: {instance.pk}})


def _deleting(sender, instance, **kwargs):
    if figures.is_suspended():
        return
    from collabkb.models import Citation

    if sender is Citation:
        instance._figures_after = figures.citing({instance.pk})
    else:
        instance._figures_after = figures.neighbours(sender, {instance.pk})


def _deleted(sender, instance, **kwargs):
    after = getattr(instance, "_figures_after", None)
    if after:
        figures.refresh({model: pks for model, pks in after.items() if pks})


def _link_saved(sender, instance, **kwargs):
    """A participation (a link row with a model of its own) saved or deleted."""
    for through, here, a, there, b in figures.link_tables():
        if through is sender:
            figures.refresh({a: {getattr(instance, here)}, b: {getattr(instance, there)}})


def _linked(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A link between records, or a record's citation, added or removed either way."""
    from collabkb.models import Citation

    if action == "pre_clear":
        if not figures.is_suspended():
            here, there = _columns(sender)
            near, far = (there, here) if reverse else (here, there)
            rows = sender.objects.filter(**{near: instance.pk}).values_list(far, flat=True)
            instance._figures_cleared = set(rows)
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_figures_cleared", set())
    elif action not in ("post_add", "post_remove"):
        return
    if not pk_set:
        return
    if model is Citation:  # a record's citations: that record's figures
        figures.refresh({type(instance): {instance.pk}})
    elif type(instance) is Citation:
        figures.refresh({model: set(pk_set)})
    else:  # a link between records: both ends (of one model, for "related")
        changed = {model: set(pk_set)}
        changed.setdefault(type(instance), set()).add(instance.pk)
        figures.refresh(changed)


def _columns(through):
    """The columns of a link table: (the declaring side's, the other side's)."""
    for model in figures.record_models():
        for field in model._meta.many_to_many:
            if field.remote_field.through is through:
                return f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    raise LookupError(through)


def connect():
    from collabkb.models import Citation

    links = {through for through, *_ in figures.link_tables()}
    for model in figures.record_models():
        uid = f"figures-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(_deleting, sender=model, dispatch_uid=uid + "-pre-del")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-del")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if field.related_model is Citation or through in links:
                m2m_changed.connect(_linked, sender=through, dispatch_uid=f"{uid}-{field.name}")
    post_save.connect(_saved, sender=Citation, dispatch_uid="figures-citation")
    pre_delete.connect(_deleting, sender=Citation, dispatch_uid="figures-citation-pre-del")
    post_delete.connect(_deleted, sender=Citation, dispatch_uid="figures-citation-del")
    for through in links:
        if not through._meta.auto_created:  # a participation: its own saves and deletes
            uid = f"figures-{through._meta.label_lower}"
            post_save.connect(_link_saved, sender=through, dispatch_uid=uid)
            post_delete.connect(_link_saved, sender=through, dispatch_uid=uid + "-del")


def migrated(app_config=None, plan=None, **kwargs):
    """post_migrate: once every app is migrated, make the figures if a
    migration that adds them was just applied to a database holding records."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if applied & FIGURE_MIGRATIONS and any(m.objects.exists() for m in figures.record_models()):
        figures.rebuild()
