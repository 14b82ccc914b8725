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
