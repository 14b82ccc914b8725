"""The admin: sources, citations, tags and readers' suggestions, and the base
of every record kind's admin."""

from django.contrib import admin

from collabkb.admin import (
    citations,  # noqa: F401  (registers Source and Citation)
    suggestions,  # noqa: F401  (readers' suggestions of a correction)
    tags,  # noqa: F401  (taggit's Tag, without its merge view)
)
from collabkb.admin.records import RecordAdmin

admin.site.site_header = "CollabKB"
admin.site.site_title = "CollabKB admin"
admin.site.index_title = "Curation"

__all__ = ["RecordAdmin"]
