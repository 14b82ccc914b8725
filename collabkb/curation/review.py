"""The review workflow: a record goes draft → in review → published, and back.

Contributors write drafts and submit them (or withdraw them), their own
only: a record knows who added it, and one with no creator (a shipped
record) is the editors'. Editors, who hold the ``collabkb.publish_records``
permission, act on any record, and also send back with a comment, publish
and unpublish. Every move is a Transition (who, when, why)
and a revision of the record's history.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from collabkb.curation import checks, notify
from collabkb.models import Status, Transition

PUBLISH_PERMISSION = "collabkb.publish_records"


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: tuple
    target: str
    editors_only: bool = False
    needs_comment: bool = False


MOVES = {
    move.name: move
    for move in [
        Move("submit", "Submit for review", (Status.DRAFT,), Status.IN_REVIEW),
        Move("withdraw", "Withdraw from review", (Status.IN_REVIEW,), Status.DRAFT),
        Move(
            "send_back",
            "Send back with a comment",
            (Status.IN_REVIEW,),
            Status.DRAFT,
            editors_only=True,
            needs_comment=True,
        ),
        Move(
            "publish",
            "Publish",
            (Status.DRAFT, Status.IN_REVIEW),
            Status.PUBLISHED,
            editors_only=True,
        ),
        Move(
            "unpublish",
            "Unpublish (back to draft)",
            (Status.PUBLISHED,),
            Status.DRAFT,
            editors_only=True,
        ),
    ]
}


class MoveRefused(Exception):
    """A move that does not apply to the record as it is."""


class NotReady(MoveRefused):
    """A publish refused by the checks before publishing (``reasons``)."""

    def __init__(self, record, reasons):
        self.reasons = reasons
        super().__init__(f"“{record}” is not published. Before it can be: " + " ".join(reasons))


class NeedsConfirmation(MoveRefused):
    """An unpublish that would take the record off published records that
    show it (``shown``): made only once the curator confirms."""

    def __init__(self, record, shown):
        self.shown = shown
        names = ", ".join(f"“{other}”" for other in shown)
        super().__init__(
            f"“{record}” is shown by published records ({names}): unpublished, it leaves "
            "their pages. Confirm to unpublish it."
        )


def is_editor(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_author(user, record):
    """Whether ``user`` added ``record`` (no one added a shipped record)."""
    return record.created_by_id is not None and record.created_by_id == user.pk


def can_edit(user, record):
    """Editors edit any record; contributors their own drafts (a submitted one is the editors')."""
    return is_editor(user) or (record.status == Status.DRAFT and is_author(user, record))


def may_move(user, record, chosen):
    """Editors make any move; contributors a contributor's move on their own record."""
    return is_editor(user) or (not chosen.editors_only and is_author(user, record))


def moves_for(user, record):
    """The moves ``user`` may make on ``record`` now."""
    return [
        move
        for move in MOVES.values()
        if record.status in move.sources and may_move(user, record, move)
    ]


def move(record, name, user, comment="", *, confirmed=False):
    """Make the move ``name``; returns its Transition. Refuses what is not allowed.

    The records that go through review with it (a case's new organisations:
    ``checks.companions``) make the same move with it, each its own
    Transition and revision, where the move applies to them and is ``user``'s
    to make; ``transition.together`` lists them. Publishing is refused while
    a check before publishing fails; an unpublish that takes the record off
    published records is refused unless ``confirmed``."""
    chosen = MOVES.get(name)
    if chosen is None:
        raise MoveRefused(f"There is no move “{name}”.")
    if chosen.editors_only and not is_editor(user):
        raise PermissionDenied(f"Only an editor may {chosen.label.lower()}.")
    if not may_move(user, record, chosen):
        raise PermissionDenied(
            f"Only its author or an editor may {chosen.label.lower()} “{record}”."
        )
    if record.status not in chosen.sources:
        raise MoveRefused(
            f"“{record}” is {record.get_status_display().lower()}: "
            f"“{chosen.label}” does not apply to it."
        )
    comment = comment.strip()
    if chosen.needs_comment and not comment:
        raise MoveRefused("Say what needs changing: the comment goes back to the author.")
    if chosen.name == "publish":
        reasons = checks.before_publishing(record)
        if reasons:
            raise NotReady(record, reasons)
    if chosen.name == "unpublish" and not confirmed:
        shown = checks.shown_by(record)
        if shown:
            raise NeedsConfirmation(record, shown)
    with transaction.atomic():
        together = []
        if chosen.name != "unpublish":
            together = [
                other
                for other in checks.companions(record)
                if other.status in chosen.sources and may_move(user, other, chosen)
            ]
        transition = _make(record, chosen, user, comment)
        for other in together:
            _make(other, chosen, user, comment, along=f" (with “{record}”)")
        transition.together = together
        return transition


def _make(record, chosen, user, comment, along=""):
    """Move ``record`` as ``chosen`` says, as a revision of its own."""
    with reversion.create_revision():
        before = record.status
        record.status = chosen.target
        record.changed_by = user
        record.save(update_fields=["status", "changed_by", "updated"])
        reversion.set_user(user)
        reversion.set_comment(chosen.label + along + (f": {comment}" if comment else ""))
        transition = Transition.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            from_status=before,
            to_status=chosen.target,
            move=chosen.name,
            user=user,
            comment=comment,
        )
        notify.after_commit(record, transition)
        return transition
