"""Tags in the admin: taggit's own admin without its merge-tags view.

taggit's merge moves the rows of its generic TaggedItem, which CollabKB does
not use (each record kind has its own tag table): it merged nothing and was
open to every curator. A record's tags are changed on the record's form (a
revision each time). A tag is a shared thing (collabkb/curation/shared.py):
renaming or deleting one that others' records show is the editors', and is
recorded in the history of each published record that shows it.

A record's tags field suggests the tags that exist, as one types each name
(a datalist, and a small script that offers them after a comma); any other
name makes a new tag.
"""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from taggit.forms import TagWidget
from taggit.models import Tag

from collabkb.admin.shared import SharedAdmin


class TagSuggestions(TagWidget):
    """The tags as a comma-separated text, with the existing tags' names as
    suggestions: one query."""

    template_name = "admin/collabkb/tag_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"]["list"] = f"{widget['attrs'].get('id') or name}-names"
        widget["attrs"]["autocomplete"] = "off"
        widget["tag_names"] = Tag.objects.order_by("name").values_list("name", flat=True)
        return context

    def _render(self, template_name, context, renderer=None):
        # A template of the site's (templates/), not of the forms' renderer.
        return mark_safe(render_to_string(template_name, context))

    class Media:
        js = ["js/admin-tags.js"]


class TagAdmin(SharedAdmin):
    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
