from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from collabkb.models import (
    Record,
    TaggedRecordBase,
    slug_natural_key,
    tagged_natural_key,
)

LEVELS = ("individual", "project", "organisation", "environment")


def validate_levels(value):
    unknown = [level for level in value.split(",") if level not in LEVELS]
    if unknown:
        raise ValidationError(
            f"Unknown level {', '.join(unknown)!s}: use a comma-separated list "
            f"of {', '.join(LEVELS)}."
        )


class TaggedChallenge(TaggedRecordBase, TaggedItemBase):
    content_object = models.ForeignKey("Challenge", on_delete=models.CASCADE)

    natural_key = tagged_natural_key("challenges.challenge")

    class Meta(TaggedRecordBase.Meta):
        pass


class Challenge(Record):
    """A barrier to collaboration."""

    class Dimension(models.TextChoices):
        CULTURAL = "cultural", "Cultural"
        RELATIONAL = "relational", "Relational"
        ORGANISATIONAL = "organisational", "Organisational"
        INSTITUTIONAL = "institutional", "Institutional"
        LEADERSHIP = "leadership", "Leadership / management"
        COOPERATION = "cooperation", "Cooperation / trust"
        DATA = "data", "Data"
        LEGAL = "legal", "Legal / procedural"
        RESOURCES = "resources", "Resources"
        SCALING = "scaling", "Scaling"
        ECOSYSTEM = "ecosystem", "Ecosystem"
        LEARNING = "learning", "Learning"
        VALUE = "value", "Costs and benefits"

    dimension = models.CharField(
        max_length=20,
        choices=Dimension.choices,
        blank=True,
        help_text="The kind of barrier, as the source groups it.",
    )
    levels = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_levels],
        help_text="Where the source gives one: a comma-separated list of "
        "individual, project, organisation, environment.",
    )
    mentions = models.IntegerField(
        null=True,
        blank=True,
        help_text="Number of interview mentions, exactly as in the report's "
        "tables. Empty where the source gives no count.",
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    tags = TaggableManager(through=TaggedChallenge, blank=True)

    natural_key = slug_natural_key("collabkb.citation")

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(mentions__gte=0),
                name="challenge_mentions_nonnegative",
                violation_error_message="A number of mentions cannot be negative.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("challenges:detail", args=[self.slug])

    @property
    def level_list(self):
        return [level for level in self.levels.split(",") if level]
