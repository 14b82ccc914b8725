from django.contrib import admin, messages
from django.db import models
from django.db.models import Count

from collabkb.models import Citation, Source, Status
from collabkb.search import index as search_index

# A URL typed without a scheme is read as https (Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "kind", "publisher", "published", "citation_count"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_citations=Count("citations"))

    @admin.display(description="citations", ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "source",
        "place",
        "timestamp_label",
        "needs_review",
        "speaker_role",
        "concept",
    ]
    list_filter = ["source", "needs_review", "locator_kind", "speaker_role", "concept"]
    list_select_related = ["source"]
    search_fields = ["key", "timestamp_label", "locator", "quotation", "concept"]
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["source", "key"]}),
        ("Video moment", {"fields": ["timestamp_label", "second", "needs_review"]}),
        ("Report place", {"fields": ["locator_kind", "locator", "position"]}),
        ("Quotation", {"fields": ["quotation", "speaker_role", "concept"]}),
    ]

    @admin.display(description="place", ordering="second")
    def place(self, obj):
        return obj.place_label


def citation_inline(model):
    """An inline that links a record to places in the sources."""
    return type(
        f"{model.__name__}CitationInline",
        (admin.TabularInline,),
        {
            "model": model.citations.through,
            "autocomplete_fields": ["citation"],
            "extra": 1,
            "verbose_name": "citation",
            "verbose_name_plural": "citations (places in the sources)",
        },
    )


class RecordAdmin(admin.ModelAdmin):
    """What the admin of every record kind has in common."""

    list_display = ["title", "status", "tag_list", "citation_count", "updated"]
    list_filter = ["status", "tags", "citations__source"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["citations"]
    actions = ["publish", "unpublish"]
    list_per_page = 50
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def get_inlines(self, request, obj):
        return [*self.inlines, citation_inline(self.model)]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_citations=Count("citations", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description="tags")
    def tag_list(self, obj):
        # Read the prefetched tags; tags.names() would query again.
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="citations", ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations

    def _set_status(self, queryset, status):
        ids = list(queryset.values_list("pk", flat=True))
        n = queryset.update(status=status)
        # update() sends no signal: bring the search index up to date here.
        search_index.index_records(search_index.kind_of(self.model), ids)
        return n

    @admin.action(description="Publish the selected records")
    def publish(self, request, queryset):
        n = self._set_status(queryset, Status.PUBLISHED)
        self.message_user(request, f"{n} record(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft) the selected records")
    def unpublish(self, request, queryset):
        n = self._set_status(queryset, Status.DRAFT)
        self.message_user(request, f"{n} record(s) set to draft.", messages.SUCCESS)
