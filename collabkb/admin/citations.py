"""Sources and citations in the admin, and the inline that links records to them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse

from collabkb.models import Citation, Source

# A URL typed without a scheme is read as https (Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def same_place(citation):
    """Other citations at the place ``citation`` points to."""
    found = Citation.objects.filter(source=citation.source_id).exclude(pk=citation.pk)
    if citation.second is not None:
        return found.filter(second=citation.second)
    return found.filter(locator__iexact=citation.locator.strip(), second__isnull=True)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "short_name", "kind", "publisher", "published", "citation_count"]
    list_filter = ["kind"]
    search_fields = ["title", "short_name", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_citations=Count("citations"))

    @admin.display(description="citations", ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations


class UsedFilter(admin.SimpleListFilter):
    title = "used by records"
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", "Used by a record"), ("no", "Unused (no record cites it)")]

    def queryset(self, request, queryset):
        unused = Citation.objects.unused().values("pk")
        if self.value() == "yes":
            return queryset.exclude(pk__in=unused)
        if self.value() == "no":
            return queryset.filter(pk__in=unused)
        return queryset


class CitationForm(forms.ModelForm):
    """The admin's citation form (its fields come from CitationAdmin.fieldsets)."""

    def clean(self):
        cleaned = super().clean()
        # A new label is read again, unless the curator set the second too.
        if "timestamp_label" in self.changed_data and "second" not in self.changed_data:
            cleaned["second"] = None
        return cleaned

    def validate_unique(self):
        super().validate_unique()
        citation = self.instance
        if not citation.source_id or (citation.second is None and not citation.locator):
            return
        existing = same_place(citation).select_related("source").first()
        if existing is not None:
            url = reverse("admin:collabkb_citation_change", args=[existing.pk])
            message = render_to_string(
                "admin/collabkb/already_cited.html", {"url": url, "existing": existing}
            )
            self.add_error(None, message)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    form = CitationForm
    list_display = [
        "__str__",
        "key",
        "timestamp_label",
        "needs_review",
        "speaker_role",
        "concept",
    ]
    list_filter = [
        UsedFilter,
        "source",
        "needs_review",
        "locator_kind",
        "speaker_role",
        "concept",
    ]
    list_select_related = ["source"]
    search_fields = ["key", "timestamp_label", "locator", "quotation", "concept"]
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["source", "key"]}),
        (
            "Video moment",
            {
                "fields": ["timestamp_label", "second", "needs_review"],
                "description": "Type the time as you read it: 1:14:05 or 27:33. "
                "The second is worked out from it.",
            },
        ),
        ("Report place", {"fields": ["locator_kind", "locator", "position"]}),
        ("Quotation", {"fields": ["quotation", "speaker_role", "concept"]}),
    ]

    def get_queryset(self, request):
        # Every label names the source: fetch it with the citation.
        return super().get_queryset(request).select_related("source")


class CitationInline(admin.TabularInline):
    """The places in the sources attached to a record, each with its stance.
    A place attached twice is refused by the formset, naming the place."""

    fields = ["citation", "stance"]
    autocomplete_fields = ["citation"]
    extra = 1
    verbose_name = "citation"
    verbose_name_plural = "citations (places in the sources) and their stance"

    def get_queryset(self, request):
        # Each row reads as its place and source ("28:12 · OPSI webinar").
        return super().get_queryset(request).select_related("citation__source")


def citation_inline(model):
    """The ``CitationInline`` of records of ``model``."""
    return type(
        f"{model.__name__}CitationInline", (CitationInline,), {"model": model.citations.through}
    )
