"""A citation attached to a record, with its stance: how the place bears on it.

``Record.citations`` is a many-to-many through a model of each kind (a
through model cannot be named on the abstract base): ``ChallengeCitation``,
``PracticeCitation`` … Each row is one attachment, with its natural key
(the record's slug, the citation's key) and its stance.
"""

from django.db import models
from django.db.models import Q


class Stance(models.TextChoices):
    SUPPORTS = "supports", "supports"
    QUALIFIES = "qualifies", "qualifies"
    ARGUES_OTHERWISE = "argues-otherwise", "argues otherwise"


STANCE_HELP = (
    "How this place bears on the record: it supports it (says so), qualifies it "
    "(adds a condition or a limit), or argues otherwise. Read the place's words, "
    "not its heading."
)


def stance_field():
    """The stance of an attachment (each kind's through model declares it last,
    so a fixture reads record, citation, stance)."""
    return models.CharField(
        max_length=20, choices=Stance.choices, default=Stance.SUPPORTS, help_text=STANCE_HELP
    )


def cited_field(through, related_name):
    """A kind's ``citations``: the places in the sources attached to its records."""
    return models.ManyToManyField(
        "collabkb.Citation",
        through=through,
        blank=True,
        related_name=related_name,
        help_text="The places in the sources that bear on this record, each with its stance.",
    )


class AttachmentManager(models.Manager):
    def get_by_natural_key(self, slug, key):
        return self.get(**{f"{self.model.record_field}__slug": slug, "citation__key": key})


class CitationAttachment(models.Model):
    """The base of each kind's through model: a ``record_field`` (a foreign
    key to the record, named as the kind: ``challenge``), a ``citation`` and
    a ``stance``."""

    record_field = ""  # the name of the foreign key to the record
    # What a row's name (its citation's place and source) reads, and only
    # that, for a version kept in a record's history.
    repr_related = ("citation__source",)
    repr_fields = (
        "citation__second",
        "citation__locator",
        "citation__source__short_name",
        "citation__source__title",
    )

    objects = AttachmentManager()

    class Meta:
        abstract = True
        ordering = ["pk"]
        constraints = [
            # The database refuses a stance outside the three (a raw write, an import).
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values),
                name="%(app_label)s_%(class)s_stance_valid",
                violation_error_message="A stance is supports, qualifies or argues otherwise.",
            ),
        ]

    def __str__(self):
        place = str(self.citation)
        return place if self.stance == Stance.SUPPORTS else f"{place} ({self.get_stance_display()})"

    @property
    def record(self):
        return getattr(self, self.record_field)

    def cited(self):
        """Its citation, carrying the stance (what pages and downloads read)."""
        citation = self.citation
        citation.stance = self.stance
        return citation


def attachment_natural_key(record_model):
    def natural_key(self):
        return (self.record.slug, self.citation.key)

    natural_key.dependencies = [record_model, "collabkb.citation"]
    return natural_key


def unique_attachment(app_label, record_field):
    """A record cites a place once (the query: a record's attachment of one citation)."""
    return models.UniqueConstraint(
        fields=[record_field, "citation"], name=f"{app_label}_{record_field}_citation_unique"
    )
