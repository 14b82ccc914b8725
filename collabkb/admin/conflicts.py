"""Two curators on one record: what was saved since a page was opened.

A record's change page carries the record's ``updated`` time as it showed it
(``LOADED``). A save or a workflow move posted from it after someone else's
save is refused with what changed meanwhile: who saved, when, and the fields
that differ between the version the page showed and the record now.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from reversion.models import Version

from collabkb.admin import history

LOADED = "loaded_at"  # the hidden field: when the record was saved, as its page shows it
LOOKBACK = 50  # versions searched for the one a page showed


@dataclass
class Meanwhile:
    """What was saved of a record since a page showed it."""

    who: str  # the name of the person who saved last, or "" when not known
    when: datetime.datetime
    fields: list = field(default_factory=list)  # labels of the fields that differ
    compare_url: str = ""  # the two versions side by side, when both are known


def is_stale(record, loaded):
    """Whether ``record`` was saved since a page showed it as saved at ``loaded``
    (an isoformat time; empty: a post that does not say, never stale)."""
    return bool(loaded) and record.updated.isoformat() != loaded


def since(record, loaded):
    """The ``Meanwhile`` of ``record`` since its page showed it at ``loaded``."""
    versions = list(
        Version.objects.get_for_object(record)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")[:LOOKBACK]
    )
    latest = versions[0] if versions and _saved_at(versions[0]) == _ms(record.updated) else None
    if latest is None:  # saved outside the admin (a command): no revision to name
        return Meanwhile(who="", when=record.updated)
    user = latest.revision.user
    who = (user.get_full_name() or user.get_username()) if user else ""
    found = Meanwhile(who=who, when=record.updated)
    shown = next((v for v in versions[1:] if _saved_at(v) == _ms(_parse(loaded))), None)
    if shown is not None:
        rows = history.differences(history.snapshot(shown), history.snapshot(latest))
        found.fields = [label for label, *_ in rows]
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[record.pk])
        found.compare_url = f"{url}?a={shown.pk}&b={latest.pk}"
    return found


def refusal(record, loaded, refused):
    """The message refusing ``refused`` ("your changes are not saved") on a page
    opened before someone else's save: who, when, which fields (HTML)."""
    context = {"meanwhile": since(record, loaded), "refused": refused}
    return render_to_string("admin/collabkb/saved_meanwhile.html", context)


def _saved_at(version):
    """The ``updated`` time a version of a record holds, to the millisecond."""
    value = version.field_dict.get("updated")
    return _ms(value) if isinstance(value, datetime.datetime) else None


def _parse(text):
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _ms(moment):
    """``moment`` to the millisecond: a version keeps times as the JSON of the export does."""
    if moment is None:
        return None
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
