"""Tags in the admin: taggit's own admin without its merge-tags view.

taggit's merge moves the rows of its generic TaggedItem, which CollabKB does
not use (each record kind has its own tag table): it merged nothing and was
open to every curator. A record's tags are changed on the record's form (a
revision each time); renaming or deleting a tag changes published records, so
only editors may.
"""

from django.contrib import admin
from taggit.models import Tag

from collabkb.curation import review


class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_change_permission(self, request, obj=None):
        return review.is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return review.is_editor(request.user) and super().has_delete_permission(request, obj)


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
