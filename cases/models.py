from django.core.exceptions import ValidationError
from django.db import models
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cases import countries
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

COUNTRY_UNKNOWN = (
    "“%(value)s” is not a country of the list (ISO 3166, in English: “United Kingdom”, "
    "“Latvia”). Choose one from the list."
)


class Sector(models.TextChoices):
    ACADEMIC = "academic", "University / research"
    PUBLIC = "public", "Public sector"
    PRIVATE = "private", "Private sector"
    NON_PROFIT = "non-profit", "Non-profit / foundation"
    INTERNATIONAL = "international", "International body"


class TaggedOrganisation(TaggedRecordBase, TaggedItemBase):
    content_object = models.ForeignKey("Organisation", on_delete=models.CASCADE)

    natural_key = tagged_natural_key("cases.organisation")

    class Meta(TaggedRecordBase.Meta):
        pass


class OrganisationCitation(CitationAttachment):
    """A place in a source attached to an organisation, with its stance."""

    organisation = models.ForeignKey(
        "Organisation", on_delete=models.CASCADE, related_name="attachments"
    )
    citation = models.ForeignKey(
        "collabkb.Citation", on_delete=models.CASCADE, related_name="organisation_attachments"
    )
    stance = stance_field()

    record_field = "organisation"
    natural_key_fields = ("organisation", "citation")
    natural_key = attachment_natural_key("cases.organisation")

    class Meta(CitationAttachment.Meta):
        # The table of the many-to-many it was before it had a stance.
        db_table = "cases_organisation_citations"
        verbose_name = "citation of an organisation"
        verbose_name_plural = "citations of an organisation"
        constraints = [
            *CitationAttachment.Meta.constraints,
            unique_attachment("cases", "organisation"),
        ]


class Organisation(Record):
    """A participant in a case: a university, a council, an agency …"""

    sector = models.CharField(
        max_length=15,
        choices=Sector.choices,
        blank=True,
        help_text="As the source gives it; blank where the source does not say.",
    )
    country = models.CharField(
        max_length=80,
        blank=True,
        choices=countries.choices_or_none,
        error_messages={"invalid_choice": COUNTRY_UNKNOWN},
        help_text="Where the source places it. An international body (the OECD, UNESCO) "
        "has none: leave it blank.",
    )
    url = models.URLField(blank=True, max_length=500)
    citations = cited_field("OrganisationCitation", related_name="organisations")
    tags = TaggableManager(through=TaggedOrganisation, blank=True)

    natural_key = slug_natural_key("collabkb.citation")

    class Meta(Record.Meta):
        pass

    def get_absolute_url(self):
        return reverse("cases:organisation", args=[self.slug])

    def clean(self):
        super().clean()
        if self.sector == Sector.INTERNATIONAL and self.country:
            raise ValidationError(
                {
                    "country": "An international body has no country: leave the country "
                    "blank (it is then not counted among a case's countries, nor drawn on "
                    "the map)."
                }
            )


class Place(models.Model):
    """A country or city where a case happens."""

    class Kind(models.TextChoices):
        CITY = "city", "City"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"

    slug = models.SlugField(max_length=120, db_index=False)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    country = models.CharField(
        max_length=80,
        choices=countries.choices,
        error_messages={"invalid_choice": COUNTRY_UNKNOWN},
        help_text="The country it is in; for a country, itself.",
    )

    objects = SlugManager()
    natural_key = slug_natural_key()
    natural_key_fields = ("slug",)
    row_joiner = "in"  # a case's place reads "Catalyst project — in United Kingdom"

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="place_slug_unique"),
        ]

    def __str__(self):
        return self.name if self.name == self.country else f"{self.name}, {self.country}"


class TaggedCase(TaggedRecordBase, TaggedItemBase):
    content_object = models.ForeignKey("Case", on_delete=models.CASCADE)

    natural_key = tagged_natural_key("cases.case")

    class Meta(TaggedRecordBase.Meta):
        pass


class CaseCitation(CitationAttachment):
    """A place in a source attached to a case, with its stance."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="attachments")
    citation = models.ForeignKey(
        "collabkb.Citation", on_delete=models.CASCADE, related_name="case_attachments"
    )
    stance = stance_field()

    record_field = "case"
    natural_key_fields = ("case", "citation")
    natural_key = attachment_natural_key("cases.case")

    class Meta(CitationAttachment.Meta):
        # The table of the many-to-many it was before it had a stance.
        db_table = "cases_case_citations"
        verbose_name = "citation of a case"
        verbose_name_plural = "citations of a case"
        constraints = [
            *CitationAttachment.Meta.constraints,
            unique_attachment("cases", "case"),
        ]


class Case(Record):
    """A real programme, lab, office or partnership."""

    markdown_fields = ("body", "aims", "areas_of_work", "outcomes")
    # Its areas of work are the source's list, as the source gives it.
    own_words_fields = ("summary", "body", "aims", "outcomes")

    class Kind(models.TextChoices):
        GOVERNMENT_PROGRAMME = "government-programme", "Government programme"
        PRIZE_CHALLENGE = "prize-challenge", "Prize challenge"
        CITY_NETWORK = "city-network", "City network"
        POLICY_LAB = "policy-lab", "Policy lab"
        DATA_OFFICE = "data-office", "Office of data analytics"
        RESEARCH_PARTNERSHIP = "research-partnership", "Research partnership"
        RESEARCH_STUDY = "research-study", "Research study"
        PLATFORM = "platform", "Platform"
        INITIATIVE = "initiative", "Initiative"

    kind = models.CharField(max_length=25, choices=Kind.choices)
    places = models.ManyToManyField(Place, blank=True, related_name="cases")
    organisations = models.ManyToManyField(
        Organisation, through="Participation", blank=True, related_name="cases"
    )
    aims = models.TextField(blank=True, help_text="What the case sets out to do (Markdown).")
    areas_of_work = models.TextField(
        blank=True, help_text="Its areas of work, as the source lists them (Markdown)."
    )
    outcomes = models.TextField(
        blank=True,
        help_text="Results, with their figures exactly as the source gives them (Markdown).",
    )
    aims_html = models.TextField(blank=True, editable=False, serialize=False)
    areas_of_work_html = models.TextField(blank=True, editable=False, serialize=False)
    outcomes_html = models.TextField(blank=True, editable=False, serialize=False)
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True, max_length=500)
    exemplifies = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="exemplified_by",
        through="Exemplifying",
        help_text="The practices this case shows at work.",
    )
    faced = models.ManyToManyField(
        "challenges.Challenge",
        blank=True,
        related_name="faced_by",
        through="Facing",
        help_text="The challenges this case met.",
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True, through="RelatedCase")
    citations = cited_field("CaseCitation", related_name="cases")
    tags = TaggableManager(through=TaggedCase, blank=True)
    # Its participants as the planner compares them, kept by the writes that
    # change them (cases/figures.py); published organisations only, not exported.
    sector_mask = StoredFigure(
        help_text="Its participants' sectors, a bit each (SECTOR_BITS; stored figure)."
    )
    sector_count = StoredFigure(help_text="Its participants' sectors.")
    country_count = StoredFigure(help_text="Its participants' countries.")
    cross_border = models.BooleanField(
        default=False,
        editable=False,
        serialize=False,
        help_text="Its participants come from more than one country or include an "
        "international body (cases/scope.py; stored figure).",
    )

    natural_key = slug_natural_key(
        "cases.place",
        "cases.organisation",
        "practices.practice",
        "challenges.challenge",
        "collabkb.citation",
    )

    class Meta(Record.Meta):
        pass

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.slug])


SECTOR_BITS = {sector: 1 << bit for bit, sector in enumerate(Sector.values)}


class CaseCountryManager(models.Manager):
    def get_by_natural_key(self, case_slug, country):
        return self.get(case__slug=case_slug, country=country)


class CaseCountry(models.Model):
    """A country a published case has a published participant in: the world
    map's and the planner's stored figure (cases/figures.py). Not exported."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=80)

    objects = CaseCountryManager()
    natural_key_fields = ("case", "country")

    class Meta:
        ordering = ["case__slug", "country"]
        constraints = [
            models.UniqueConstraint(fields=["country", "case"], name="casecountry_unique"),
        ]
        indexes = [models.Index(fields=["case", "country"], name="casecountry_case_idx")]

    def __str__(self):
        return f"{self.case_id} in {self.country}"

    def natural_key(self):
        return (self.case.slug, self.country)

    natural_key.dependencies = ["cases.case"]


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, case_slug, organisation_slug):
        return self.get(case__slug=case_slug, organisation__slug=organisation_slug)


class Participation(models.Model):
    """An organisation taking part in a case, with its role there."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="e.g. curator, funder, lead partner."
    )

    objects = ParticipationManager()
    natural_key_fields = ("case", "organisation")

    class Meta:
        ordering = ["case__slug", "organisation__title"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="participation_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.case}"

    def natural_key(self):
        return (self.case.slug, self.organisation.slug)

    natural_key.dependencies = ["cases.case", "cases.organisation"]


class ProjectExampleManager(models.Manager):
    def get_by_natural_key(self, case_slug, slug):
        return self.get(case__slug=case_slug, slug=slug)


class ProjectExample(models.Model):
    """One project a case gives as an example of its work."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="examples")
    slug = models.SlugField(max_length=120, db_index=False)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Its place in the source's list."
    )

    objects = ProjectExampleManager()
    natural_key_fields = ("case", "slug")

    class Meta:
        ordering = ["case__slug", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["case", "slug"], name="project_example_unique"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.case.slug, self.slug)

    natural_key.dependencies = ["cases.case"]


class Exemplifying(Link):
    """A case exemplifies a practice: a link with its basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exemplifies_links")
    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="exemplified_by_links"
    )

    ends = ("case", "practice")
    natural_key_fields = ends
    natural_key = link_natural_key("cases.case", "practices.practice", "collabkb.citation")

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "cases_case_exemplifies"
        unique_together = [("case", "practice")]
        ordering = ["id"]


class Facing(Link):
    """A case faced a challenge: a link with its basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="faced_links")
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="faced_by_links"
    )

    ends = ("case", "challenge")
    natural_key_fields = ends
    natural_key = link_natural_key("cases.case", "challenges.challenge", "collabkb.citation")

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "cases_case_faced"
        unique_together = [("case", "challenge")]
        ordering = ["id"]


class RelatedCase(Link):
    """Two related cases: a link with its basis, one row each way."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="related_links")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="related_links_to")

    ends = ("from_case", "to_case")
    natural_key_fields = ends
    natural_key = link_natural_key("cases.case", "collabkb.citation")

    class Meta(Link.Meta):
        # The table Django made for the many-to-many before it had a model of
        # its own, adopted as it is (its unique index included).
        db_table = "cases_case_related"
        unique_together = [("from_case", "to_case")]
        ordering = ["id"]


mirrored(RelatedCase)
