from django import forms
from django.contrib import admin

from cases.models import Facing
from challenges.models import Challenge, RelatedChallenge
from collabkb.admin import RecordAdmin
from collabkb.admin.links import link_inline
from practices.models import Addressing


@admin.register(Challenge)
class ChallengeAdmin(RecordAdmin):
    list_display = [
        "title",
        "dimension",
        "level_names",
        "mentions",
        *RecordAdmin.list_display[1:],
    ]
    list_filter = ["dimension", "levels", *RecordAdmin.list_filter]
    # Its links, each with its basis; those held by practices and cases are
    # edited from here too.
    inlines = [
        link_inline(RelatedChallenge, "from_challenge", "related challenge", "related challenges"),
        link_inline(
            Addressing, "challenge", "practice that addresses it", "practices that address it"
        ),
        link_inline(Facing, "challenge", "case that faced it", "cases that faced it"),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "body", "tags"]}),
        ("From the source", {"fields": ["dimension", "levels", "mentions"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "levels":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="levels")
    def level_names(self, obj):
        return ", ".join(level.name for level in obj.levels.all())
