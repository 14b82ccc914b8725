"""The admin of shared things (citations, sources, places, tags, series).

They have no status of their own: who may change one, and how a change is
recorded in the records that show it, is collabkb/curation/shared.py.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from collabkb.curation import shared


def _changed_fields(obj, form):
    names = []
    for name in form.changed_data:
        try:
            names.append(str(obj._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a form field that is no model field
            names.append(name)
    return ", ".join(names)


class SharedAdmin(admin.ModelAdmin):
    """Editors change any; contributors one only their own drafts show. An
    editor's save or delete is a version of each published record showing it."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or shared.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or shared.may_change(request.user, obj))

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and form.changed_data:
                comment = f"{shared.describe(obj)} changed: {_changed_fields(obj, form)}"
                shared.record_change(shared.published_showing(obj), request.user, comment)

    def delete_model(self, request, obj):
        with transaction.atomic():
            showing = shared.published_showing(obj)
            comment = f"{shared.describe(obj)} deleted"
            super().delete_model(request, obj)
            shared.record_change(showing, request.user, comment)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
