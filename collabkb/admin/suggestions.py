"""Readers' suggestions of a correction in the admin: the editors' queue.

Only editors and superusers see it (it holds readers' e-mail addresses): the
Editors group holds its permissions (collabkb/curation/roles.py), and the
admin asks for an editor besides. No one adds a suggestion here: they come
from the form on each record's page (collabkb/corrections/).
"""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from collabkb.curation import review
from collabkb.models import Suggestion

EXCERPT = 120  # characters of a suggestion's text in the list


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["created", "status", "about", "excerpt", "email", "handled"]
    list_display_links = ["created"]
    list_filter = ["status"]
    list_select_related = ["content_type", "handled_by"]
    search_fields = ["text", "page", "email"]
    actions = ["mark_done", "dismiss"]
    fields = ["page_link", "about", "text", "email", "created", "status", "handled"]
    readonly_fields = ["page_link", "about", "text", "email", "created", "handled"]

    def get_queryset(self, request):
        # The records the suggestions are about: one query per kind.
        return super().get_queryset(request).prefetch_related("record")

    def _editor(self, request):
        return review.is_editor(request.user)

    def has_module_permission(self, request):
        return self._editor(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editor(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editor(request) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False

    @admin.display(description="Page")
    def page_link(self, suggestion):
        return format_html('<a href="{}">{}</a>', suggestion.page, suggestion.page)

    @admin.display(description="About")
    def about(self, suggestion):
        record = suggestion.record
        if record is None:
            return format_html("{} <span>(no longer a record)</span>", suggestion.page)
        meta = record._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            return record.title
        return format_html('<a href="{}">{}</a>', url, record.title)

    @admin.display(description="Suggestion")
    def excerpt(self, suggestion):
        text = " ".join(suggestion.text.split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

    @admin.display(description="Handled")
    def handled(self, suggestion):
        if suggestion.handled_at is None:
            return "—"
        who = suggestion.handled_by.get_username() if suggestion.handled_by else "someone"
        return f"{who}, {timezone.localtime(suggestion.handled_at):%d %b %Y %H:%M}"

    def save_model(self, request, suggestion, form, change):
        if "status" in form.changed_data:
            _handled(suggestion, request.user)
        super().save_model(request, suggestion, form, change)

    @admin.action(description="Mark selected suggestions as done", permissions=["change"])
    def mark_done(self, request, queryset):
        self._move(request, queryset, Suggestion.Status.DONE)

    @admin.action(description="Dismiss selected suggestions", permissions=["change"])
    def dismiss(self, request, queryset):
        self._move(request, queryset, Suggestion.Status.DISMISSED)

    def _move(self, request, queryset, status):
        moved = queryset.exclude(status=status).update(
            status=status, handled_by=request.user, handled_at=timezone.now()
        )
        label = Suggestion.Status(status).label.lower()
        self.message_user(request, f"{moved} suggestion{'s' if moved != 1 else ''} now {label}.")


def _handled(suggestion, user):
    """Who handled ``suggestion`` and when; none while it is new again."""
    if suggestion.status == Suggestion.Status.NEW:
        suggestion.handled_by, suggestion.handled_at = None, None
    else:
        suggestion.handled_by, suggestion.handled_at = user, timezone.now()
