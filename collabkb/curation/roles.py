"""The two curation roles, as Django groups: contributors and editors.

A migration makes the groups; their permissions are granted here after every
migrate (and after a flush), from the models the registered kinds export, so
a new kind's records join both roles with no change to this file.

- Contributors add, change and view records and what goes with them, add and
  remove the rows inside a record's form (tags, a case's participants and
  examples), delete records, and view sources. Which records they may change
  or delete (their own drafts), and that they never publish, is the
  workflow's rule (collabkb/curation/review.py).
- Editors may do everything to all of it, and hold ``publish_records``; they
  alone read and handle readers' suggestions of a correction (which hold
  readers' e-mail addresses).
"""

from django.db.models import Q

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"


def _permissions(pairs):
    """Permission rows for (model, action) pairs, those that exist yet."""
    from django.contrib.auth.models import Permission

    wanted = Q(pk__in=[])
    for model, action in pairs:
        wanted |= Q(
            content_type__app_label=model._meta.app_label,
            codename=f"{action}_{model._meta.model_name}",
        )
    return Permission.objects.filter(wanted)


def _is_part_of_a_record(model, record_models):
    """Rows tied by a foreign key to one record: its tags, participations, examples."""
    return any(
        field.many_to_one and field.related_model in record_models
        for field in model._meta.get_fields()
    )


def contributor_pairs():
    from collabkb.exchange.export import exported_models
    from collabkb.kinds import registry
    from collabkb.models import Source, Transition

    record_models = {kind.model for kind in registry}
    pairs = [(Source, "view"), (Transition, "view")]
    for model in exported_models():
        if model is Source:
            continue
        pairs += [(model, action) for action in ("add", "change", "view")]
        if model in record_models or _is_part_of_a_record(model, record_models):
            pairs.append((model, "delete"))
    return pairs


def editor_pairs():
    from collabkb.exchange.export import exported_models
    from collabkb.models import Suggestion, Transition

    actions = ("add", "change", "delete", "view")
    pairs = [(model, action) for model in exported_models() for action in actions]
    # Readers' suggestions come from readers only: editors read, handle and delete them.
    handled = [(Suggestion, action) for action in ("change", "delete", "view")]
    return pairs + [(Transition, "view")] + handled


def sync_roles(app_config=None, **kwargs):
    """Grant each role its permissions (connected to post_migrate; idempotent).

    post_migrate is sent once per app: this acts on the last app's signal,
    when every app's permissions exist, so once per migrate.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if app_config is not None:
        with_models = [config for config in apps.get_app_configs() if config.models_module]
        if app_config is not with_models[-1]:
            return

    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    contributors.permissions.add(*_permissions(contributor_pairs()))
    editors.permissions.add(
        *_permissions(editor_pairs()),
        *Permission.objects.filter(content_type__app_label="collabkb", codename="publish_records"),
    )
