import re

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


class Series(models.Model):
    """Practices that a source gives as a numbered (or grouped) series."""

    slug = models.SlugField(max_length=120, db_index=False)
    title = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="How a step names its series in lists: “GovLab” gives “GovLab step 2 — …”. "
        "Empty: the title.",
    )
    summary = models.TextField(blank=True, help_text="What the series is, in our words.")
    source = models.ForeignKey(
        "collabkb.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
        help_text="The source the series comes from.",
    )

    # Our reading of the stages of a partnership a series serves: the planner
    # (/plan/) offers it as a checklist to a partnership at those stages.
    for_starting = models.BooleanField(
        default=False, help_text="The planner offers it to a partnership that is starting."
    )
    for_running = models.BooleanField(
        default=False, help_text="The planner offers it to a partnership that is running."
    )
    for_scaling = models.BooleanField(
        default=False, help_text="The planner offers it to a partnership that is scaling up."
    )

    objects = SlugManager()
    natural_key = slug_natural_key("collabkb.source")
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="series_slug_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:series", args=[self.slug])


class TaggedPractice(TaggedRecordBase, TaggedItemBase):
    content_object = models.ForeignKey("Practice", on_delete=models.CASCADE)

    natural_key = tagged_natural_key("practices.practice")

    class Meta(TaggedRecordBase.Meta):
        pass


class PracticeCitation(CitationAttachment):
    """A place in a source attached to a practice, with its stance."""

    practice = models.ForeignKey("Practice", on_delete=models.CASCADE, related_name="attachments")
    citation = models.ForeignKey(
        "collabkb.Citation", on_delete=models.CASCADE, related_name="practice_attachments"
    )
    stance = stance_field()

    record_field = "practice"
    natural_key_fields = ("practice", "citation")
    natural_key = attachment_natural_key("practices.practice")

    class Meta(CitationAttachment.Meta):
        # The table of the many-to-many it was before it had a stance.
        db_table = "practices_practice_citations"
        verbose_name = "citation of a practice"
        verbose_name_plural = "citations of a practice"
        constraints = [
            *CitationAttachment.Meta.constraints,
            unique_attachment("practices", "practice"),
        ]


STEP_TITLE = re.compile(r"^Step\s+\d+\s*[:.–—-]\s*(.+)$", re.IGNORECASE)


class Practice(Record):
    """Something to do: a success factor, a lesson, a strategy, a step …"""

    class Kind(models.TextChoices):
        SUCCESS_FACTOR = "success-factor", "Success factor"
        LESSON = "lesson", "Lesson"
        INSIGHT = "insight", "Insight"
        MANAGEMENT_STRATEGY = "management-strategy", "Management strategy"
        PROPOSITION = "proposition", "Proposition"
        STEP = "step", "Step"
        FUTURE_AREA = "future-area", "Future area"
        APPROACH = "approach", "Approach"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        help_text="For practices the source gives as a series (five lessons, ten propositions …).",
    )
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The practice's number in its series, as the source numbers it.",
    )
    references = models.TextField(
        blank=True,
        help_text="Literature the source cites for this practice, e.g. “Van Wijk et al. 2008”.",
    )
    addresses = models.ManyToManyField(
        "challenges.Challenge",
        blank=True,
        related_name="addressed_by",
        through="Addressing",
        help_text="The challenges this practice helps overcome.",
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, through="RelatedPractice"
    )
    citations = cited_field("PracticeCitation", related_name="practices")
    tags = TaggableManager(through=TaggedPractice, blank=True)
    # The planner's figures of its evidence, kept by the writes that change
    # them (cases/figures.py); not exported.
    quotation_count = StoredFigure(
        help_text="Its citations that quote an interview (stored figure)."
    )
    case_count = StoredFigure(help_text="The published cases that show it (stored figure).")
    related_count = StoredFigure(help_text="The published practices related to it (stored figure).")
    paired_count = StoredFigure(
        help_text="The published challenges a source pairs it with: stated links (stored figure)."
    )
    stated_case_count = StoredFigure(
        help_text="The published cases a source says show it: stated links (stored figure)."
    )

    natural_key = slug_natural_key("practices.series", "challenges.challenge", "collabkb.citation")

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.UniqueConstraint(
                fields=["series", "number"], name="practice_series_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(series__isnull=False),
                name="practice_number_needs_series",
                violation_error_message="A numbered practice belongs to a series.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="practice_number_positive",
                violation_error_message="Series numbers start at 1.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("practices:detail", args=[self.slug])

    def make_shown_title(self):
        """A step with its series: “Step 2: Establish …” reads “GovLab step 2 — Establish …”."""
        step = STEP_TITLE.match(self.title)
        if step and self.series_id and self.number:
            series = self.series.short_name or self.series.title
            return f"{series} step {self.number} — {step.group(1)}"
        return self.title


class Addressing(Link):
    """A practice addresses a challenge: a link with its basis."""

    practice = models.ForeignKey(
        "Practice", on_delete=models.CASCADE, related_name="addresses_links"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="addressed_by_links"
    )

    ends = ("practice", "challenge")
    natural_key_fields = ends
    natural_key = link_natural_key(
        "practices.practice", "challenges.challenge", "collabkb.citation"
    )

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "practices_practice_addresses"
        unique_together = [("practice", "challenge")]
        ordering = ["id"]


class RelatedPractice(Link):
    """Two related practices: a link with its basis, one row each way."""

    from_practice = models.ForeignKey(
        "Practice", on_delete=models.CASCADE, related_name="related_links"
    )
    to_practice = models.ForeignKey(
        "Practice", on_delete=models.CASCADE, related_name="related_links_to"
    )

    ends = ("from_practice", "to_practice")
    natural_key_fields = ends
    natural_key = link_natural_key("practices.practice", "collabkb.citation")

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "practices_practice_related"
        unique_together = [("from_practice", "to_practice")]
        ordering = ["id"]


mirrored(RelatedPractice)
