"""E-mails about the review of records, through Django's e-mail framework.

A submit tells the editors; a send-back tells the author, with the comment;
a publication tells the author. Each is sent once the move is committed, so
a move that fails tells no one, and a message that cannot be sent is logged
and never undoes the move. Nobody is told of their own move; people with no
e-mail address, and those who turned notifications off (My notifications),
are left out.

Each move's message is a template, ``collabkb/emails/<move>.txt``: its first
line is the subject, the rest the body.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

# The moves that send a message, and to whom.
TOLD = {"submit": "editors", "send_back": "author", "publish": "author"}


def after_commit(record, transition):
    """Send the message of ``transition``'s move once the transaction commits."""
    if transition.move in TOLD:
        transaction.on_commit(partial(send, record, transition))


def send(record, transition):
    try:
        messages = [message(person, record, transition) for person in told(record, transition)]
        if messages:
            get_connection().send_messages(messages)
    except Exception:
        logger.exception(
            "Could not e-mail about the move “%s” of “%s”; the move itself is made.",
            transition.move,
            record,
        )


def editors():
    """Active people who may publish: superusers, and holders of the permission."""
    publish = Permission.objects.filter(
        content_type__app_label="collabkb", codename="publish_records"
    )
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish)
    )


def told(record, transition):
    """Who is e-mailed about ``transition`` of ``record``."""
    if TOLD[transition.move] == "editors":
        people = editors()
    else:
        people = get_user_model().objects.filter(pk=record.created_by_id)
    return (
        people.filter(is_active=True)
        .exclude(email="")
        .exclude(pk=transition.user_id)
        .exclude(notification_setting__by_email=False)
        .distinct()
        .order_by("pk")
    )


def message(person, record, transition):
    meta = record._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    text = render_to_string(
        f"collabkb/emails/{transition.move}.txt",
        {
            "person": person,
            "record": record,
            "kind": meta.verbose_name,
            "transition": transition,
            "mover": transition.user,
            "url": settings.SITE_URL + change,
            "public_url": settings.SITE_URL + record.get_absolute_url(),
            "settings_url": settings.SITE_URL + reverse("my_notifications"),
        },
    )
    subject, _, body = text.strip().partition("\n")
    # A header is one line, whatever a title holds.
    return EmailMessage(" ".join(subject.split()), body.strip() + "\n", to=[person.email])
