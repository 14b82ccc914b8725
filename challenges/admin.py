from django.contrib import admin

from challenges.models import Challenge
from collabkb.admin import RecordAdmin


@admin.register(Challenge)
class ChallengeAdmin(RecordAdmin):
    list_display = [
        "title",
        "dimension",
        "levels",
        "mentions",
        *RecordAdmin.list_display[1:],
    ]
    list_filter = ["dimension", *RecordAdmin.list_filter]
    autocomplete_fields = ["related"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "body", "tags"]}),
        ("From the source", {"fields": ["dimension", "levels", "mentions"]}),
        ("Links", {"fields": ["related"]}),
    ]
