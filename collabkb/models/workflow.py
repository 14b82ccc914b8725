"""A record's moves between draft, review and published, each one recorded."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from collabkb.models.base import Status


class Transition(models.Model):
    """One change of a record's status: who made it, when, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    move = models.CharField(
        max_length=20,
        blank=True,
        help_text="The workflow move made (submit, withdraw, send_back, publish, unpublish).",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    comment = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # A record's history: WHERE content_type_id = %s AND object_id = %s
            # ORDER BY created DESC.
            models.Index(
                fields=["content_type", "object_id", "created"], name="transition_record_idx"
            ),
        ]
        permissions = [
            ("publish_records", "Can review, publish, send back and unpublish records"),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class NotificationSetting(models.Model):
    """Whether a person is e-mailed about the review of records (yes, unless
    they said no here): submits for editors, send-backs and publications for
    authors (collabkb/curation/notify.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    by_email = models.BooleanField(
        default=True,
        verbose_name="E-mail me about reviews",
        help_text="Records submitted for review (editors), and your records sent back "
        "or published.",
    )

    class Meta:
        verbose_name = "notification setting"

    def __str__(self):
        return f"{self.user}: {'e-mails' if self.by_email else 'no e-mails'}"
