from django.contrib import admin

from cases.models import Exemplifying
from collabkb.admin import RecordAdmin
from collabkb.admin.links import link_inline
from collabkb.admin.shared import SharedAdmin
from practices.models import Addressing, Practice, RelatedPractice, Series


class SeriesPracticeInline(admin.TabularInline):
    model = Practice
    fields = ["number", "title", "kind", "status"]
    readonly_fields = fields
    ordering = ["number", "title"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Series)
class SeriesAdmin(SharedAdmin):
    list_display = ["title", "source", "slug"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    inlines = [SeriesPracticeInline]


@admin.register(Practice)
class PracticeAdmin(RecordAdmin):
    list_display = ["title", "kind", "series", "number", *RecordAdmin.list_display[1:]]
    list_filter = ["kind", "series", *RecordAdmin.list_filter]
    list_select_related = ["series"]
    autocomplete_fields = ["series"]
    # Its links, each with its basis; those the cases that show it hold are
    # edited from here too.
    inlines = [
        link_inline(Addressing, "practice", "challenge it addresses", "challenges it addresses"),
        link_inline(RelatedPractice, "from_practice", "related practice", "related practices"),
        link_inline(
            Exemplifying, "practice", "case that exemplifies it", "cases that exemplify it"
        ),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "body", "tags"]}),
        ("Kind", {"fields": ["kind", "series", "number", "references"]}),
    ]
