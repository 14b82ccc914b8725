from django.db import models
from django.db.models import Q
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from collabkb.links import reverse
from collabkb.models import (
    CitationAttachment,
    Record,
    SlugManager,
    StoredFigure,
    TaggedRecordBase,
    attachment_natural_key,
    cited_field,
    slug_natural_key,
    stance_field,
    tagged_natural_key,
    unique_attachment,
)
from collabkb.models.claims import Link, link_natural_key, mirrored

# The levels of the report's tables, in their order: (slug, name). A migration
# creates them; the admin offers them as choices.
LEVELS = [
    ("individual", "Individual"),
    ("project", "Project"),
    ("organisation", "Organisation"),
    ("environment", "Environment"),
]


class Level(models.Model):
    """Where a barrier sits, as the report's tables place it."""

    slug = models.SlugField(max_length=40, db_index=False)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Its place in the report's order of levels."
    )

    objects = SlugManager()
    natural_key = slug_natural_key()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="level_slug_unique"),
        ]

    def __str__(self):
        return self.name


class TaggedChallenge(TaggedRecordBase, TaggedItemBase):
    content_object = models.ForeignKey("Challenge", on_delete=models.CASCADE)

    natural_key = tagged_natural_key("challenges.challenge")

    class Meta(TaggedRecordBase.Meta):
        pass


class ChallengeCitation(CitationAttachment):
    """A place in a source attached to a challenge, with its stance."""

    challenge = models.ForeignKey("Challenge", on_delete=models.CASCADE, related_name="attachments")
    citation = models.ForeignKey(
        "collabkb.Citation", on_delete=models.CASCADE, related_name="challenge_attachments"
    )
    stance = stance_field()

    record_field = "challenge"
    natural_key_fields = ("challenge", "citation")
    natural_key = attachment_natural_key("challenges.challenge")

    class Meta(CitationAttachment.Meta):
        # The table of the many-to-many it was before it had a stance.
        db_table = "challenges_challenge_citations"
        verbose_name = "citation of a challenge"
        verbose_name_plural = "citations of a challenge"
        constraints = [
            *CitationAttachment.Meta.constraints,
            unique_attachment("challenges", "challenge"),
        ]


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
    levels = models.ManyToManyField(
        Level,
        blank=True,
        related_name="challenges",
        help_text="Where the source places the barrier: individual, project, "
        "organisation, environment (one or more).",
    )
    mentions = models.IntegerField(
        null=True,
        blank=True,
        help_text="Number of interview mentions, exactly as in the report's "
        "tables. Empty where the source gives no count.",
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, through="RelatedChallenge"
    )
    citations = cited_field("ChallengeCitation", related_name="challenges")
    tags = TaggableManager(through=TaggedChallenge, blank=True)
    # Its evidence beyond what every record stores, kept by the writes that
    # change it (cases/figures.py); not exported.
    paired_count = StoredFigure(
        help_text="The published practices a source pairs with it: stated links (stored figure)."
    )
    stated_case_count = StoredFigure(
        help_text="The published cases a source says faced it: stated links (stored figure)."
    )

    natural_key = slug_natural_key("challenges.level", "collabkb.citation")

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(mentions__gte=0),
                name="challenge_mentions_nonnegative",
                violation_error_message="A number of mentions cannot be negative.",
            ),
        ]
        indexes = [
            *Record.Meta.indexes,
            # The planner's form, a dimension's most linked first: WHERE status =
            # 'published' AND dimension = %s ORDER BY link_count DESC, title_sort
            models.Index(
                fields=["status", "dimension", "-link_count", "title_sort"],
                name="challenge_dimension_idx",
            ),
        ]

    def get_absolute_url(self):
        return reverse("challenges:detail", args=[self.slug])

    @property
    def level_list(self):
        """The names of its levels (read from a prefetch of ``levels``)."""
        return [level.name for level in self.levels.all()]


class RelatedChallenge(Link):
    """Two related challenges: a link with its basis, one row each way."""

    from_challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="related_links"
    )
    to_challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="related_links_to"
    )

    ends = ("from_challenge", "to_challenge")
    natural_key_fields = ends
    natural_key = link_natural_key("challenges.challenge", "collabkb.citation")

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "challenges_challenge_related"
        unique_together = [("from_challenge", "to_challenge")]
        ordering = ["id"]


mirrored(RelatedChallenge)
