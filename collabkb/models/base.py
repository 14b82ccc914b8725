"""The common base of every record: status, slug, natural keys, tags."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

# Limits enforced in the admin and on import: a summary is a few sentences; a
# body a long article, not a book (a page must stay a page).
SUMMARY_MAX = 1_000
BODY_MAX = 50_000


class StoredFigure(models.PositiveIntegerField):
    """A figure of the knowledge base kept on a row by the writes that change
    it (collabkb.figures): never edited, exported or imported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("serialize", False)
        super().__init__(*args, **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


def may_preview(user, model):
    """Whether ``user`` is a curator who may view ``model``'s unpublished records."""
    permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
    return user.is_authenticated and user.is_staff and user.has_perm(permission)


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published records, and every record for a curator who may view them (preview)."""
        return self if may_preview(user, self.model) else self.published()


class SlugManager(models.Manager.from_queryset(RecordQuerySet)):
    """A manager whose natural key is the slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Record(models.Model):
    """The fields every record has: challenges, practices, cases, organisations."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        db_index=False,
        help_text="The record's permanent address and natural key. Filled in "
        "from the title; do not change it once the record is published.",
    )
    summary = models.TextField(
        blank=True,
        max_length=SUMMARY_MAX,
        validators=[MaxLengthValidator(SUMMARY_MAX)],
        help_text="Two or three sentences in our own words (at most 1,000 characters). "
        "Source text belongs in a citation's quotation, not here.",
    )
    body = models.TextField(
        blank=True,
        max_length=BODY_MAX,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text="Optional longer text in Markdown (at most 50,000 characters). "
        "Rendered and sanitised on the public page.",
    )
    body_html = models.TextField(
        blank=True,
        editable=False,
        serialize=False,
        help_text="The body as sanitised HTML, made on every save (not exported).",
    )
    shown_title = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        serialize=False,
        help_text="The title as lists, cards, search results and downloads show it "
        "(a step with its series), made on every save.",
    )
    title_sort = models.CharField(
        max_length=400,
        blank=True,
        editable=False,
        serialize=False,
        help_text="The shown title as lists sort it (collabkb.text.sorting), made on every save.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published records appear on public pages. Changed by the "
        "workflow buttons (submit, publish …), each change recorded.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Who added the record in the admin: a contributor changes only their own
    # drafts. Not exported and not in a revision (a restore keeps it); the
    # shipped records have none, so they are the editors'.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        serialize=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who added the record in the admin (none for shipped records).",
    )
    # Who last saved it in the admin, restored it or moved it through review:
    # kept, like its creator, out of exports and revisions.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        serialize=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last saved, restored or moved the record (none for shipped records).",
    )
    # Figures that span the knowledge base, kept on the row by the write that
    # changes them (collabkb.figures): what cards show and lists sort by.
    # Links and their records count only when published. Not exported.
    citation_count = StoredFigure(help_text="Its citations (stored figure).")
    source_count = StoredFigure(help_text="The sources its citations are in (stored figure).")
    link_count = StoredFigure(
        help_text="The published records it links to as evidence (stored figure)."
    )
    # Its evidence as the sources give it (collabkb.published.evidence): what
    # cards, record pages, the home page and the planner call its strength.
    stated_source_count = StoredFigure(
        help_text="The sources with a place that supports it (stored figure)."
    )
    stated_link_count = StoredFigure(
        help_text="The published records it links to by a link a source states (stored figure)."
    )
    # ``citations``: declared by each kind, through its own model with the
    # stance of each attachment (collabkb.models.attachments).

    objects = SlugManager()
    # The fields of the natural key, as taggit's models name theirs: export
    # sorts by them and import finds a record by them.
    natural_key_fields = ("slug",)
    # Markdown fields, each rendered on save into "<name>_html".
    markdown_fields = ("body",)
    # Fields written in our own words: the checks before publishing look in
    # them for the sources' words copied outside quotation marks.
    own_words_fields = ("summary", "body")

    class Meta:
        abstract = True
        ordering = ["title_sort", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="%(app_label)s_%(class)s_slug_unique"),
        ]
        indexes = [
            # Public lists: WHERE status = 'published' ORDER BY title_sort.
            models.Index(fields=["status", "title_sort"], name="%(class)s_title_sort_idx"),
            # The strongest evidence first (lists) and the most linked (the map).
            models.Index(
                fields=["status", "-stated_source_count", "-stated_link_count", "title_sort"],
                name="%(class)s_evidence_idx",
            ),
            models.Index(
                fields=["status", "-link_count", "title_sort"], name="%(class)s_linked_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def make_shown_title(self):
        """The title as lists, cards, search results and downloads show it."""
        return self.title

    @property
    def display_title(self):
        return self.shown_title or self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_in_review(self):
        return self.status == Status.IN_REVIEW


class TaggedRecordManager(models.Manager):
    def get_by_natural_key(self, slug, tag_name):
        return self.get(content_object__slug=slug, tag__name=tag_name)


class TaggedRecordBase(models.Model):
    """The through model of one record kind's tags.

    taggit's generic TaggedItem points at records by integer id, which does not
    survive a move to another database, and its natural key is the object id
    alone, so taggings collapse under ``--natural-primary``. A through model per
    kind has a real foreign key to the record, and a natural key of
    (record slug, tag name).
    """

    objects = TaggedRecordManager()
    natural_key_fields = ("content_object", "tag")

    class Meta:
        abstract = True
        ordering = ["content_object__slug", "tag__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"],
                name="%(app_label)s_%(class)s_unique",
            ),
        ]

    def natural_key(self):
        return (self.content_object.slug, self.tag.name)


def fill_derived_fields(sender, instance, **kwargs):
    """pre_save (and the batched import): store each Markdown field as sanitised
    HTML, and the title's (a citation's locator's) natural sort key (loaddata's
    raw saves too)."""
    from collabkb.text.rendering import render
    from collabkb.text.sorting import sort_key

    for name in getattr(sender, "markdown_fields", ()):
        setattr(instance, f"{name}_html", render(getattr(instance, name)))
    if hasattr(instance, "title_sort"):
        instance.shown_title = instance.make_shown_title()[:300]
        instance.title_sort = sort_key(instance.shown_title)
    if hasattr(instance, "locator_sort"):
        instance.locator_sort = sort_key(instance.locator)


def slug_natural_key(*dependencies):
    """A ``natural_key`` method returning the slug, with its dependencies.

    Each model needs its own function object: ``dependencies`` is an attribute
    of the function, so sharing one would share the list.
    """

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = list(dependencies)
    return natural_key


def tagged_natural_key(record_model):
    def natural_key(self):
        return (self.content_object.slug, self.tag.name)

    natural_key.dependencies = [record_model, "taggit.tag"]
    return natural_key
