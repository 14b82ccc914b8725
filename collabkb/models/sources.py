"""Sources and the places in them that records cite."""

import operator
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import Truncator, slugify

from collabkb.kinds import registry
from collabkb.links import reverse
from collabkb.text import timestamps


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources that a published record cites: the only ones a reader sees."""
        return self.filter(Exists(Citation.objects.public().filter(source=OuterRef("pk"))))

    def public_with_counts(self):
        """The public sources, each with ``n_citations``, the number of its
        public citations: one grouped pass over the public citations (a
        source is public when it has one), not a pass for each source."""
        counts = dict(
            Citation.objects.public()
            .filter(source__in=self)
            .order_by()
            .values_list("source")
            .annotate(n=Count("pk"))
        )
        sources = list(self.filter(pk__in=counts))
        for source in sources:
            source.n_citations = counts[source.pk]
        return sources


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    """A document or recording the knowledge comes from."""

    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        REPORT = "report", "Report"
        ARTICLE = "article", "Article"
        WEB_PAGE = "web-page", "Web page"

    slug = models.SlugField(max_length=120, db_index=False)
    title = models.CharField(max_length=250)
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="How a citation names the source after its place: “OPSI webinar” "
        "gives “28:12 · OPSI webinar”. Empty: the title.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.CharField(
        max_length=10,
        blank=True,
        help_text="The date as far as the source gives it: 2019, 2019-05 or "
        "2019-05-14. Leave empty when the source does not say.",
    )
    url = models.URLField(blank=True, max_length=500)
    video_id = models.CharField(
        max_length=20,
        blank=True,
        help_text="For a YouTube video, the id after watch?v= (e.g. nGjuo-7sUXM).",
    )
    summary = models.TextField(blank=True, help_text="What the source is, in our words.")

    objects = SourceManager()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="source_slug_unique"),
            models.CheckConstraint(
                condition=~Q(kind="video") | ~Q(video_id=""),
                name="source_video_has_id",
                violation_error_message="A video source needs its video id.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", args=[self.slug])

    @property
    def name(self):
        """Its short name, or its title."""
        return self.short_name or self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def is_video(self):
        return self.kind == self.Kind.VIDEO


# How many words of a quotation the admin shows in a citation's label.
QUOTE_START_WORDS = 8


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations that a published record uses: the only ones a reader sees.

        A citation, its quotation and its moment are public only through a
        published record of some registered kind.
        """
        # One set of cited places per kind, each built once (not a
        # correlated EXISTS for every citation).
        used = [
            Q(
                pk__in=kind.model.citations.through.objects.filter(
                    **{f"{kind.key}__status": "published"}
                ).values("citation_id")
            )
            for kind in registry
        ]
        return self.filter(reduce(operator.or_, used)) if used else self.none()

    def unused(self):
        """Citations that no record of any kind or status uses."""
        used = [
            Exists(kind.model.citations.through.objects.filter(citation=OuterRef("pk")))
            for kind in registry
        ]
        return self.exclude(reduce(operator.or_, used)) if used else self


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Citation(models.Model):
    """A place in a source that bears on one or more records (each attachment has a stance).

    A video citation has a timestamp (raw label, resolved second, review flag);
    a report citation has a locator (section, table, figure or appendix) and a
    position giving document order. Never both.
    """

    class LocatorKind(models.TextChoices):
        SECTION = "section", "Section"
        TABLE = "table", "Table"
        FIGURE = "figure", "Figure"
        APPENDIX = "appendix", "Appendix"

    class SpeakerRole(models.TextChoices):
        UNIVERSITY = "university", "University actor"
        PUBLIC_SECTOR = "public-sector", "Public-sector actor"

    key = models.SlugField(
        max_length=160,
        blank=True,
        db_index=False,
        help_text="Stable identifier (natural key). Left empty, it is made from "
        "the source and the place.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    timestamp_label = models.CharField(
        max_length=16,
        blank=True,
        help_text="Video only: the label exactly as the notes write it, e.g. 27:33:00 or 01:19:57.",
    )
    second = models.IntegerField(
        null=True,
        blank=True,
        help_text="Video only: the second the label resolves to. Left empty, it "
        "is worked out from the label.",
    )
    needs_review = models.BooleanField(
        default=False,
        help_text="The label fits more than one reading: confirm the second "
        "against the video, then untick.",
    )
    locator_kind = models.CharField(max_length=10, choices=LocatorKind.choices, blank=True)
    locator = models.CharField(
        max_length=200,
        blank=True,
        help_text='Report only: the place, e.g. "Table 3", "Lessons — Lesson #2", '
        '"Appendix 4 — Concept: role clarity".',
    )
    position = models.PositiveIntegerField(
        default=0,
        help_text="Report only: the rank of the place's part of the report in document "
        "order (the outline lists parts by it). Places of one part (Appendix 3 — Step 1 … "
        "Step 10) share it: they follow by their numbers.",
    )
    locator_sort = models.CharField(
        max_length=400,
        blank=True,
        editable=False,
        serialize=False,
        help_text="The locator as places of one position sort (collabkb.text.sorting: "
        "“Step 2” before “Step 10”), made on every save (not exported).",
    )
    quotation = models.TextField(
        blank=True, help_text="An optional short verbatim quotation from this place."
    )
    speaker_role = models.CharField(max_length=15, choices=SpeakerRole.choices, blank=True)
    concept = models.CharField(
        max_length=120,
        blank=True,
        help_text='For interview quotes: the concept heading, e.g. "Role clarity".',
    )

    objects = CitationManager()
    row_joiner = "citing"  # a link's citation reads "Catalyst → Lesson #2 — citing Table 3 · …"
    natural_key_fields = ("key",)

    class Meta:
        ordering = ["source__slug", "second", "position", "locator_sort", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="citation_key_unique"),
            models.CheckConstraint(
                condition=(
                    Q(second__isnull=False, locator="", locator_kind="") & ~Q(timestamp_label="")
                )
                | (
                    Q(second__isnull=True, timestamp_label="")
                    & ~Q(locator="")
                    & ~Q(locator_kind="")
                ),
                name="citation_one_locator",
                violation_error_message="A citation has either a video timestamp "
                "(label and second) or a report locator (kind and place), not both "
                "and not neither.",
            ),
            models.CheckConstraint(
                condition=Q(second__gte=0),
                name="citation_second_nonnegative",
                violation_error_message="A video second cannot be negative.",
            ),
        ]
        indexes = [
            # Video timeline: WHERE source_id = %s ORDER BY second.
            models.Index(fields=["source", "second"], name="citation_timeline_idx"),
            # Report outline: WHERE source_id = %s ORDER BY position.
            models.Index(fields=["source", "position"], name="citation_outline_idx"),
        ]

    def __str__(self):
        """The place first, then the source: “28:12 · OPSI webinar”, “Table 3 · Catalyst report”."""
        source = self.source.name if self.source_id else "?"
        return f"{self.place_label} · {source}"

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self._new_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Our page for this place: the video's moment, or the report's outline."""
        if self.second is not None:
            return reverse("sources:moment", args=[self.source.slug, self.second])
        return reverse("sources:detail", args=[self.source.slug]) + f"#{self.anchor}"

    def get_place_url(self):
        """The page showing every record and quotation of this place."""
        if self.second is not None:
            return reverse("sources:moment", args=[self.source.slug, self.second])
        return reverse("sources:detail", args=[self.source.slug]) + f"?place={self.anchor}"

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["collabkb.source"]

    @property
    def is_video(self):
        return self.second is not None

    @property
    def place_label(self):
        if self.second is not None:
            return timestamps.format_seconds(self.second)
        return self.locator

    @property
    def curator_label(self):
        """How the admin names it, so that quotes at one place tell apart: its
        place and source, then the start of its quotation and the speaker's role,
        “Appendix 4 — Concept: role clarity · Catalyst report — “We had to…”
        (University actor)”. Public pages print ``str()``."""
        label = str(self)
        if self.quotation.strip():
            start = Truncator(" ".join(self.quotation.split())).words(QUOTE_START_WORDS, "…")
            label += f" — “{start}”"
        if self.speaker_role:
            label += f" ({self.get_speaker_role_display()})"
        return label

    @property
    def anchor(self):
        """The id of this place on the source's outline page."""
        return slugify(self.locator)

    def clean(self):
        errors = {}
        if self.timestamp_label:
            try:
                reading = timestamps.resolve(self.timestamp_label)
            except timestamps.TimestampError as error:
                errors["timestamp_label"] = str(error)
            else:
                if self.second is None:
                    self.second = reading.second
                    self.needs_review = reading.needs_review
        if self.source_id:
            if self.source.is_video and (self.locator or self.locator_kind):
                errors["locator"] = "A video is cited by timestamp, not by locator."
            if not self.source.is_video and self.timestamp_label:
                errors["timestamp_label"] = "Only a video is cited by timestamp."
        if errors:
            raise ValidationError(errors)

    def _new_key(self):
        place = str(self.second) if self.second is not None else self.locator
        base = slugify(f"{self.source.slug} {place}")[:150] or "citation"
        key, n = base, 1
        while Citation.objects.filter(key=key).exclude(pk=self.pk).exists():
            n += 1
            key = f"{base}-{n}"
        return key


class CitingRecord(models.Model):
    """A published record citing a place of a source, once a place: what a
    source's timeline or outline ranks, by title, a few per place and kind
    (``collabkb.published.sources``). A stored figure, kept by every write
    (``collabkb/figures/places.py``); never exported."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    second = models.IntegerField(null=True)  # the place: a video's second,
    position = models.PositiveIntegerField(default=0)  # or a report's position
    locator = models.CharField(max_length=200, blank=True)  # and locator
    kind = models.CharField(max_length=40)  # the record's kind's name: "challenges"
    record_id = models.BigIntegerField()
    title_sort = models.CharField(max_length=400)
    # How the place bears on the record: the least supporting stance of its
    # citations there ("argues-otherwise" < "qualifies" < "supports").
    stance = models.CharField(max_length=20, default="supports")

    class Meta:
        indexes = [
            # A timeline's first records of each place and kind, by title:
            # WHERE source_id = %s AND second = %s AND kind = %s ORDER BY title_sort, record_id
            models.Index(
                fields=["source", "second", "kind", "title_sort", "record_id"],
                name="citingrecord_moment_idx",
            ),
            # An outline's: WHERE source_id = %s AND position = %s AND locator = %s AND kind = %s
            models.Index(
                fields=["source", "position", "locator", "kind", "title_sort", "record_id"],
                name="citingrecord_place_idx",
            ),
            # A write's: WHERE kind = %s AND record_id IN (...)
            models.Index(fields=["kind", "record_id"], name="citingrecord_record_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id} citing source {self.source_id}"
