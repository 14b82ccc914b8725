"""The former addresses of published records: a slug changed after
publication keeps its old address, which answers with a permanent redirect
to the new one (collabkb/published/record.py)."""

from django.db import models


class OldAddress(models.Model):
    """A slug a published record had: ``kind`` is the record's model
    ("cases.case"), ``record_id`` its primary key. Not exported."""

    kind = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, db_index=False)
    record_id = models.PositiveBigIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        ordering = ["kind", "slug"]
        constraints = [
            # The look-up of an address that found no record:
            # WHERE kind = %s AND slug = %s.
            models.UniqueConstraint(fields=["kind", "slug"], name="oldaddress_kind_slug_unique"),
        ]

    def __str__(self):
        return f"{self.kind} “{self.slug}” → {self.record_id}"


def kind_of(model):
    return model._meta.label_lower


def remember(record, old_slug):
    """``record`` (published) was at ``old_slug``: keep that address for it.
    Its new slug is its own again, no longer an old address."""
    kind = kind_of(type(record))
    if old_slug == record.slug:
        return
    OldAddress.objects.filter(kind=kind, slug=record.slug).delete()
    OldAddress.objects.update_or_create(kind=kind, slug=old_slug, defaults={"record_id": record.pk})
