"""Tags in the admin: taggit's own admin without its merge-tags view.

taggit's merge moves the rows of its generic TaggedItem, which CollabKB does
not use (each record kind has its own tag table): it merged nothing and was
open to every curator. A record's tags are changed on the record's form (a
revision each time). A tag is a shared thing (collabkb/curation/shared.py):
renaming or deleting one that others' records show is the editors', and is
recorded in the history of each published record that shows it.
"""

from django.contrib import admin
from taggit.models import Tag

from collabkb.admin.shared import SharedAdmin


class TagAdmin(SharedAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
