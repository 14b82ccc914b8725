"""What the admin of every record kind has in common: lists, workflow, history."""

import reversion
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from collabkb import review
from collabkb.admin import history
from collabkb.admin.citations import URL_FIELDS_ASSUME_HTTPS, citation_inline
from collabkb.models import Status, Transition


class TransitionInline(GenericTabularInline):
    """The record's moves through review: who, when, and the comment."""

    model = Transition
    fields = ["created", "user", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "review step"
    verbose_name_plural = "review history (who moved it, when, and why)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class RecordAdmin(VersionAdmin):
    """The admin of a record kind: review workflow, preview, history with diffs."""

    list_display = ["title", "status", "tag_list", "citation_count", "updated"]
    list_filter = ["status", "tags", "citations__source"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["citations"]
    readonly_fields = ["status"]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_per_page = 50
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    change_form_template = "admin/collabkb/record_change_form.html"
    object_history_template = "admin/collabkb/record_history.html"
    history_latest_first = True

    class Media:
        css = {"all": ["css/admin.css"]}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._citation_inline = None

    def __init__(self, model, admin_site):
        # History follows the rows that belong to a record (deleted with it:
        # its tags, a case's participants and examples): a revision holds
        # them, a restore brings them back.
        if not reversion.is_registered(model):
            follow = []
            for relation in history.owned_relations(model):
                self._reversion_autoregister(relation.related_model, ())
                follow.append(relation.get_accessor_name())
            self._reversion_autoregister(model, tuple(follow))
        super().__init__(model, admin_site)

    def get_inlines(self, request, obj):
        # Built once per record admin (not on every request).
        if self._citation_inline is None:
            type(self)._citation_inline = citation_inline(self.model)
        return [*self.inlines, self._citation_inline, TransitionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_citations=Count("citations", distinct=True))
            .prefetch_related("tags")
        )

    @admin.display(description="tags")
    def tag_list(self, obj):
        # Read the prefetched tags; tags.names() would query again.
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="citations", ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations

    # Permissions: contributors change drafts only; editors publish.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or review.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or review.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return review.is_editor(request.user)

    def save_model(self, request, obj, form, change):
        # The status changes only by a workflow move (each one recorded), never
        # through a form, a restore or a crafted POST.
        obj.status = self._current_status(request, obj)
        super().save_model(request, obj, form, change)

    def _current_status(self, request, obj):
        if getattr(request, "_status_before_restore", None):
            return request._status_before_restore
        if obj.pk:
            stored = type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if stored:
                return stored
        return Status.DRAFT

    # Workflow: a button per allowed move on the change form, and actions.

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/move/<str:name>/",
                self.admin_site.admin_view(self.move_view),
                name="{}_{}_move".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        try:
            transition = review.move(record, name, request.user, request.POST.get("comment", ""))
        except review.MoveRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(
                request,
                f"“{record}”: {transition.get_from_status_display().lower()} → "
                f"{transition.get_to_status_display().lower()}.",
                messages.SUCCESS,
            )
        info = self.model._meta.app_label, self.model._meta.model_name
        return redirect(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["moves"] = review.moves_for(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _move_all(self, request, queryset, name):
        done, refused = 0, []
        for record in queryset:
            try:
                review.move(record, name, request.user)
                done += 1
            except review.MoveRefused:
                refused.append(str(record))
        move = review.MOVES[name]
        self.message_user(request, f"{move.label}: {done} record(s).", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"Left as they were (the move does not apply): {', '.join(refused)}.",
                messages.WARNING,
            )

    @admin.action(description="Submit the selected drafts for review")
    def submit_for_review(self, request, queryset):
        self._move_all(request, queryset, "submit")

    @admin.action(description="Publish the selected records", permissions=["publish"])
    def publish(self, request, queryset):
        self._move_all(request, queryset, "publish")

    @admin.action(
        description="Unpublish (back to draft) the selected records", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._move_all(request, queryset, "unpublish")

    # History: reversion's revisions, compared field by field; a restore keeps
    # the status and is itself a new revision.

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # A link edited from this end is held by the record at the other end:
        # that record's history gets the change too.
        for row in history.link_rows(formset):
            for other in history.records_linked_by(row, self.model):
                reversion.add_to_revision(other)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        record = get_object_or_404(self.model, pk=object_id)
        if request.method == "POST" and not self.has_change_permission(request, record):
            raise PermissionDenied
        request._status_before_restore = record.status
        version = get_object_or_404(Version, pk=version_id, object_id=str(record.pk))
        # Restore this record and its own rows, never other records saved in
        # the same revision (a practice linked from this challenge's form).
        version.revision.revert = lambda delete=False: history.restore(version)
        context = {"title": f"Restore {version.object_repr}", "revert": True}
        context.update(extra_context or {})
        return self._reversion_revisionform_view(
            request,
            version,
            self.revision_form_template or self._reversion_get_template_list("revision_form.html"),
            context,
        )

    def recover_view(self, request, version_id, extra_context=None):
        request._status_before_restore = Status.DRAFT
        return super().recover_view(request, version_id, extra_context)

    def compare_view(self, request, object_id):
        record = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        return history.compare(self, request, record)
