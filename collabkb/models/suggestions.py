"""Readers' suggestions of a correction: the editors' queue of what readers found wrong."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

TEXT_MAX = 2_000  # a few paragraphs: what is wrong and where the source says otherwise


class Suggestion(models.Model):
    """What a reader says is wrong on a record's page, sent from the page's
    "Suggest a correction" form. Never exported: it holds readers' e-mail
    addresses, which only editors see."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        DONE = "done", "Done"
        DISMISSED = "dismissed", "Dismissed"

    page = models.CharField(
        max_length=300, help_text="The address of the page the reader suggested a correction to."
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    text = models.TextField(max_length=TEXT_MAX, help_text="What the reader says is wrong.")
    email = models.EmailField(
        blank=True,
        help_text="Where the reader may be answered, if they gave an address. Only editors see it.",
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        help_text="Done: the record was corrected, or the reader answered. "
        "Dismissed: nothing to correct (or spam).",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who marked it done or dismissed it.",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # The queue: WHERE status = 'new' ORDER BY created DESC.
            models.Index(fields=["status", "created"], name="suggestion_queue_idx"),
        ]

    def __str__(self):
        return f"Suggestion about {self.page} ({self.created:%d %b %Y})"
