"""What waits for a person, as the admin home shows it: their drafts, what was
sent back to them (with the editor's comment), what they submitted, and for
editors the review queue, oldest first.

A fixed number of queries, whatever the number of records: for each kind, one
for the person's own records, and for editors one for the queue and one to
count it; each step's who, when and comment come with its record (a subquery
on Transition), not a query per row.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse

from collabkb.curation.review import is_editor
from collabkb.kinds import registry
from collabkb.models import Status, Transition

SHOWN = 10  # records in each list; the queue says how many there are in all


@dataclass
class Waiting:
    """One record in a list: where to open it and its last review step."""

    title: str
    kind: str
    url: str
    when: datetime
    by: str = ""
    comment: str = ""


@dataclass
class Lists:
    drafts: list
    sent_back: list
    submitted: list
    queue: list
    in_review: int  # the whole queue, counted
    queue_links: list  # (kind's plural label, count, its list filtered to records in review)
    editor: bool


def _last(model, **conditions):
    """The record's latest review step (matching ``conditions``), for a subquery."""
    content_type = ContentType.objects.get_for_model(model)
    steps = Transition.objects.filter(
        content_type=content_type, object_id=OuterRef("pk"), **conditions
    )
    return steps.order_by("-created", "-pk")


def _with_last_step(queryset):
    last = _last(queryset.model)
    return queryset.annotate(
        last_move=Subquery(last.values("move")[:1]),
        last_comment=Subquery(last.values("comment")[:1]),
        last_by=Subquery(last.values("user__username")[:1]),
        last_at=Subquery(last.values("created")[:1]),
    )


def _item(record, kind, when=None):
    meta = record._meta
    return Waiting(
        title=record.display_title,
        kind=kind.label,
        url=reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]),
        when=when or record.last_at or record.updated,
        by=record.last_by or "",
        comment=record.last_comment or "",
    )


def _latest(items, oldest_first=False):
    return sorted(items, key=lambda item: item.when, reverse=not oldest_first)[:SHOWN]


def sent_back(record):
    """The step that sent ``record`` back to its author, while it is a draft because of it."""
    if record.status != Status.DRAFT:
        return None
    content_type = ContentType.objects.get_for_model(record)
    steps = Transition.objects.filter(content_type=content_type, object_id=record.pk)
    last = steps.select_related("user").first()
    return last if last is not None and last.move == "send_back" else None


def for_person(user):
    """The lists of what waits for ``user``."""
    drafts, sent_back, submitted, queue, queue_links = [], [], [], [], []
    editor = is_editor(user)
    fields = ["pk", "title", "shown_title", "status", "updated"]
    for kind in registry:
        model = kind.model
        mine = model.objects.filter(
            created_by=user, status__in=[Status.DRAFT, Status.IN_REVIEW]
        ).only(*fields)
        # Each list shows its latest records: no more of each kind is needed.
        for record in _with_last_step(mine).order_by("-updated")[: 3 * SHOWN]:
            item = _item(record, kind)
            if record.status == Status.IN_REVIEW:
                submitted.append(item)
            elif record.last_move == "send_back":
                sent_back.append(item)
            else:
                drafts.append(item)
        if not editor:
            continue
        waiting = model.objects.filter(status=Status.IN_REVIEW)
        submitted_at = Subquery(_last(model, to_status=Status.IN_REVIEW).values("created")[:1])
        oldest = (
            _with_last_step(waiting.only(*fields))
            .annotate(submitted_at=submitted_at)
            .order_by(F("submitted_at").asc(nulls_first=True), "updated", "pk")[:SHOWN]
        )
        queue += [_item(record, kind, record.submitted_at) for record in oldest]
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        count = waiting.count()
        queue_links.append((kind.label_plural, count, f"{changelist}?status__exact=review"))
    return Lists(
        drafts=_latest(drafts),
        sent_back=_latest(sent_back),
        submitted=_latest(submitted),
        queue=_latest(queue, oldest_first=True),
        in_review=sum(count for _, count, _ in queue_links),
        queue_links=[link for link in queue_links if link[1]],
        editor=editor,
    )
