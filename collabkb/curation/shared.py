"""Shared things: what records show but that has no status of its own.

A citation and its quotation, a source, a place, a tag and a series reach
readers only through the published records that show them. So:

- a contributor may add one (for a draft), and change it while nothing but
  their own drafts uses it; once a published record, a record in review or
  another person's draft shows it, only editors change or delete it;
- an editor's change is a new version of every published record that shows
  it, with the editor and a comment naming what changed, and moves their
  "Last updated" (and so the feed).
"""

from django.utils import timezone

from collabkb import changes
from collabkb.curation import review
from collabkb.kinds import registry
from collabkb.models import Source, Status


def records_showing(obj):
    """{record model: pks} of the records of any status that show ``obj``."""
    if isinstance(obj, Source):
        # Through its citations, however many: a query per kind.
        return {
            kind.model: pks
            for kind in registry
            if (
                pks := set(
                    kind.model._default_manager.filter(citations__source=obj).values_list(
                        "pk", flat=True
                    )
                )
            )
        }
    found = changes.records({type(obj): {obj.pk}})
    if found is None:  # more than the change names one by one: every record, to be safe
        found = {
            kind.model: set(kind.model._default_manager.values_list("pk", flat=True))
            for kind in registry
        }
    return found


def may_change(user, obj):
    """Editors change any shared thing; a contributor one that only their own drafts show."""
    if review.is_editor(user):
        return True
    for model, pks in records_showing(obj).items():
        others = model._default_manager.filter(pk__in=pks).exclude(
            status=Status.DRAFT, created_by=user.pk
        )
        if others.exists():
            return False
    return True


def published_showing(obj):
    """{record model: pks} of the published records that show ``obj``."""
    found = {}
    for model, pks in records_showing(obj).items():
        published = model._default_manager.published().filter(pk__in=pks)
        if ids := list(published.values_list("pk", flat=True)):
            found[model] = ids
    return found


def describe(obj):
    """“Citation “28:12 · OPSI webinar””, as a history's comment names it."""
    return f"{obj._meta.verbose_name.capitalize()} “{obj}”"


def record_change(records, user, comment):
    """One revision of ``records`` ({record model: pks}), by ``user`` with
    ``comment``; their "Last updated" moves to now. A few queries per kind."""
    from collabkb.exchange import history

    records = {model: list(pks) for model, pks in records.items() if pks}
    if not records:
        return
    now = timezone.now()
    for model, pks in records.items():
        model._default_manager.filter(pk__in=pks).update(updated=now)
        changes.announce(model, pks)  # a queryset update sends no signal
    history.record_versions(records, comment, user=user, together=True)
