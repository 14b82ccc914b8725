from django.contrib import admin

from cases.models import (
    Case,
    Exemplifying,
    Facing,
    Organisation,
    Participation,
    Place,
    ProjectExample,
    RelatedCase,
)
from collabkb.admin import RecordAdmin
from collabkb.admin.links import link_inline
from collabkb.admin.shared import SharedAdmin


class ParticipationInline(admin.TabularInline):
    model = Participation
    autocomplete_fields = ["organisation"]
    extra = 1


class CaseParticipationInline(admin.TabularInline):
    """An organisation's cases, edited from the organisation."""

    model = Participation
    autocomplete_fields = ["case"]
    extra = 1
    verbose_name = "case it takes part in"
    verbose_name_plural = "cases it takes part in"


class ProjectExampleInline(admin.StackedInline):
    model = ProjectExample
    prepopulated_fields = {"slug": ["title"]}
    extra = 0


@admin.register(Case)
class CaseAdmin(RecordAdmin):
    list_display = ["title", "kind", "founded_year", *RecordAdmin.list_display[1:]]
    list_filter = [
        "kind",
        # The countries its records are in, not the whole list of the choices.
        ("places__country", admin.AllValuesFieldListFilter),
        "organisations__sector",
        *RecordAdmin.list_filter,
    ]
    autocomplete_fields = ["places"]
    # Its links, each with its basis.
    inlines = [
        ParticipationInline,
        ProjectExampleInline,
        link_inline(Exemplifying, "case", "practice it exemplifies", "practices it exemplifies"),
        link_inline(Facing, "case", "challenge it faced", "challenges it faced"),
        link_inline(RelatedCase, "from_case", "related case", "related cases"),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "body", "tags"]}),
        (
            "About the case",
            {"fields": ["kind", "places", "founded_year", "url", "aims"]},
        ),
        ("Work and results", {"fields": ["areas_of_work", "outcomes"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ["title", "sector", "country", *RecordAdmin.list_display[1:]]
    list_filter = ["sector", ("country", admin.AllValuesFieldListFilter), *RecordAdmin.list_filter]
    inlines = [CaseParticipationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "body", "tags"]}),
        ("Organisation", {"fields": ["sector", "country", "url"]}),
    ]


@admin.register(Place)
class PlaceAdmin(SharedAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind", ("country", admin.AllValuesFieldListFilter)]
    search_fields = ["name", "country", "slug"]
    prepopulated_fields = {"slug": ["name"]}
