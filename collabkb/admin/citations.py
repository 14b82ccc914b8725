"""Sources and citations in the admin, and the inline that links records to them."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse

from collabkb.admin.rows import PooledAutocomplete
from collabkb.admin.shared import SharedAdmin
from collabkb.models import Citation, Source

# A URL typed without a scheme is read as https (Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def _words(text):
    return " ".join(text.split())


def same_citation(citation):
    """An other citation of the same source, place and quotation (its words,
    however spaced) as ``citation``: a true duplicate. Quotes from one place
    (an interview appendix, a table) are citations of their own."""
    found = Citation.objects.filter(source=citation.source_id).exclude(pk=citation.pk)
    if citation.second is not None:
        found = found.filter(second=citation.second)
    else:
        found = found.filter(locator__iexact=citation.locator.strip(), second__isnull=True)
    quotation = _words(citation.quotation)
    return next(
        (other for other in found.select_related("source") if _words(other.quotation) == quotation),
        None,
    )


class CitationAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, naming citations by their ``curator_label``."""

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": obj.curator_label}


class CitationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.curator_label


class CitationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.curator_label


class CitationAutocompleteMixin:
    url_name = "%s:collabkb_citation_autocomplete"


class CitationSelect(PooledAutocomplete, CitationAutocompleteMixin, AutocompleteSelect):
    pass


class CitationSelectMultiple(
    PooledAutocomplete, CitationAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


def citation_formfield(db_field, model_admin, **kwargs):
    """The field of a foreign key or many-to-many to Citation in an admin form:
    choices and autocomplete read as ``curator_label``; None for another field."""
    if db_field.related_model is not Citation:
        return None
    many = db_field.many_to_many
    widget = (CitationSelectMultiple if many else CitationSelect)(
        db_field, model_admin.admin_site, using=kwargs.get("using")
    )
    field_class = CitationMultipleChoiceField if many else CitationChoiceField
    return db_field.formfield(
        form_class=field_class,
        widget=widget,
        queryset=Citation.objects.select_related("source"),
        **{k: v for k, v in kwargs.items() if k not in ("using", "widget", "queryset")},
    )


@admin.register(Source)
class SourceAdmin(SharedAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["title", "short_name", "kind", "publisher", "published", "citation_count"]
    list_filter = ["kind"]
    search_fields = ["title", "short_name", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    # Meta.ordering, said to the query: the count of citations groups it,
    # which leaves Meta.ordering out (the autocomplete's choices too).
    ordering = Source._meta.ordering

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
        existing = same_citation(citation)
        if existing is not None:
            url = reverse("admin:collabkb_citation_change", args=[existing.pk])
            message = render_to_string(
                "admin/collabkb/already_cited.html", {"url": url, "existing": existing}
            )
            self.add_error(None, message)


@admin.register(Citation)
class CitationAdmin(SharedAdmin):
    form = CitationForm
    list_display = [
        "label",
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

    @admin.display(description="citation", ordering="source__slug")
    def label(self, obj):
        return obj.curator_label

    def get_urls(self):
        view = CitationAutocompleteView.as_view(admin_site=self.admin_site)
        return [
            path(
                "autocomplete/",
                self.admin_site.admin_view(view),
                name="collabkb_citation_autocomplete",
            ),
            *super().get_urls(),
        ]


class CitationInline(admin.TabularInline):
    """The places in the sources attached to a record, each with its stance.
    A place attached twice is refused by the formset, naming the place."""

    fields = ["citation", "stance"]
    autocomplete_fields = ["citation"]
    extra = 1
    verbose_name = "citation"
    verbose_name_plural = "citations (places in the sources) and their stance"

    def get_queryset(self, request):
        # Each row reads as its place and source, then the start of its
        # quotation; rows follow the sources' order, as the record's page.
        order = [f"citation__{name}" for name in Citation._meta.ordering]
        return super().get_queryset(request).select_related("citation__source").order_by(*order)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = citation_formfield(db_field, self, **kwargs)
        return field or super().formfield_for_foreignkey(db_field, request, **kwargs)


def citation_inline(model):
    """The ``CitationInline`` of records of ``model``."""
    return type(
        f"{model.__name__}CitationInline", (CitationInline,), {"model": model.citations.through}
    )
