"""What the admin of every record kind has in common: lists, workflow, history."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.managers import TaggableManager

from collabkb.admin import conflicts, history, publishing, rows, similar
from collabkb.admin.citations import URL_FIELDS_ASSUME_HTTPS, citation_inline
from collabkb.admin.similar import SimilarTitle
from collabkb.admin.tags import TagSuggestions
from collabkb.curation import review, waiting
from collabkb.models import Status, Transition, addresses


def _stored(model, pk):
    """(status, slug) of the record ``pk`` as saved; (None, None) if there is none."""
    saved = model._default_manager.filter(pk=pk).values_list("status", "slug")
    found = saved.first() if pk is not None else None
    return found or (None, None)


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


class UnchangedSince:
    """A record's change form refuses to save over a save made since it was
    opened: the page carries the record's ``updated`` time as it was
    (``conflicts.LOADED``), and a form whose time is not the record's is
    refused with what changed meanwhile, the curator's changes (the inlines'
    too) kept in the form and nothing saved."""

    def clean(self):
        cleaned = super().clean()
        loaded = self.data.get(conflicts.LOADED)
        if loaded and self.instance.pk:
            now = type(self.instance).objects.filter(pk=self.instance.pk).first()
            if now is not None and conflicts.is_stale(now, loaded):
                refused = (
                    "Your changes are not saved, and are still in this form: open the record "
                    "in a new tab to see theirs, then make yours there."
                )
                raise ValidationError(conflicts.refusal(now, loaded, refused))
        return cleaned


class RecordAdmin(VersionAdmin):
    """The admin of a record kind: review workflow, preview, history with diffs."""

    list_display = ["title", "status", "tag_list", "citation_count", "updated", "changed_by"]
    list_filter = ["status", "tags", "citations__source"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["citations"]
    readonly_fields = ["status"]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_per_page = 50
    formfield_overrides = {**URL_FIELDS_ASSUME_HTTPS, TaggableManager: {"widget": TagSuggestions}}
    change_form_template = "admin/collabkb/record_change_form.html"
    change_list_template = "admin/collabkb/record_change_list.html"
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
        # them, a restore brings them back. The links other kinds hold to it
        # are kept by a delete (and a load), for a recover to add them again.
        if not reversion.is_registered(model):
            follow = []
            for relation in history.owned_relations(model):
                self._reversion_autoregister(relation.related_model, ())
                follow.append(relation.get_accessor_name())
            for field in history.held_link_fields(model):
                self._reversion_autoregister(field.remote_field.through, ())
            self._reversion_autoregister(model, tuple(follow))
        super().__init__(model, admin_site)

    def get_inlines(self, request, obj):
        # Built once per record admin (not on every request).
        if self._citation_inline is None:
            type(self)._citation_inline = citation_inline(self.model)
        # Each costs the same queries whatever its number of rows.
        return [rows.pooled(inline) for inline in [*self.inlines, self._citation_inline]] + [
            TransitionInline
        ]

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        found = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in found:
            rows.fold_if_long(inline_formset)
        return found

    def get_object(self, request, object_id, from_field=None):
        record = super().get_object(request, object_id, from_field)
        if record is not None and request.method == "POST":
            # Its revision follows its rows (citations, links, tags …): read at once.
            prefetch_related_objects([record], *history.followed_rows(self.model))
        return record

    def save_related(self, request, form, formsets, change):
        # The rows read for the revision are about to change: read them afresh after.
        getattr(form.instance, "_prefetched_objects_cache", {}).clear()
        super().save_related(request, form, formsets, change)

    def get_ordering(self, request):
        # The kind's own order, said to the query: a grouped query (the count
        # of citations below) leaves Meta.ordering out, and the autocomplete's
        # choices would come unordered, a page repeating or missing some.
        return self.ordering or self.model._meta.ordering

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_citations=Count("citations", distinct=True))
            .prefetch_related("tags")
        )

    def get_list_select_related(self, request):
        # The "changed by" column, with the kind's own (a practice's series).
        chosen = super().get_list_select_related(request)
        return chosen if chosen is True else [*(chosen or []), "changed_by"]

    @admin.display(description="tags")
    def tag_list(self, obj):
        # Read the prefetched tags; tags.names() would query again.
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="citations", ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations

    # Permissions: contributors change their own drafts only; editors any
    # record, and they alone publish and recover.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or review.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or review.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return review.is_editor(request.user)

    def has_recover_permission(self, request):
        return review.is_editor(request.user) and self.has_add_permission(request)

    def save_model(self, request, obj, form, change):
        # The status changes only by a workflow move (each one recorded), never
        # through a form, a restore or a crafted POST.
        status, slug = _stored(type(obj), obj.pk)
        obj.status = status or Status.DRAFT
        if not change:
            obj.created_by = request.user
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
        if status == Status.PUBLISHED and slug != obj.slug:
            addresses.remember(obj, slug)

    # Deletes keep a revision of the record as it was: "Recover deleted" lists it.

    def delete_model(self, request, obj):
        with transaction.atomic():
            history.keep_before_delete([obj], request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            history.keep_before_delete(queryset, request.user)
            super().delete_queryset(request, queryset)

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
        record = self._record_or_404(object_id)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        confirmed = request.POST.get("confirmed") == "yes"
        info = self.model._meta.app_label, self.model._meta.model_name
        change_url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
        loaded = request.POST.get(conflicts.LOADED, "")
        if conflicts.is_stale(record, loaded):
            label = review.MOVES[name].label if name in review.MOVES else name
            refused = (
                f"“{label}” was not done: the record as it is now is below; "
                "make the move again if it still applies."
            )
            self.message_user(request, conflicts.refusal(record, loaded, refused), messages.ERROR)
            return redirect(change_url)
        try:
            transition = review.move(
                record, name, request.user, request.POST.get("comment", ""), confirmed=confirmed
            )
        except review.NeedsConfirmation as asking:
            return publishing.ask_one(self, request, record, asking.shown)
        except review.MoveRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(
                request,
                f"“{record}”: {transition.get_from_status_display().lower()} → "
                f"{transition.get_to_status_display().lower()}"
                + publishing.together_said(transition),
                messages.SUCCESS,
            )
            publishing.warn_after(self, request, record, name)
        return redirect(change_url)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return type(form)(form.__name__, (SimilarTitle, form), {})
        return type(form)(form.__name__, (UnchangedSince, SimilarTitle, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["similar_title_ok"] = similar.CONFIRM
        if obj is not None:
            context["moves"] = review.moves_for(request.user, obj)
            context.update(publishing.form_context(obj))
            context["sent_back"] = waiting.sent_back(obj)
            # As the form was opened: kept from its POST when it comes back with errors.
            context["loaded_at"] = request.POST.get(conflicts.LOADED) or obj.updated.isoformat()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _move_all(self, request, queryset, name, confirmed=False):
        done, refused, moved = 0, [], set()
        for record in queryset:
            if record.pk in moved:
                continue  # moved already, with a record it goes with
            try:
                transition = review.move(record, name, request.user, confirmed=confirmed)
                done += 1
                moved |= {other.pk for other in transition.together if type(other) is self.model}
            except review.NotReady as not_ready:
                self.message_user(request, str(not_ready), messages.ERROR)
            except (review.MoveRefused, PermissionDenied):
                refused.append(str(record))
        move = review.MOVES[name]
        self.message_user(request, f"{move.label}: {done} record(s).", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "Left as they were (the move does not apply, or is not yours to make): "
                f"{', '.join(refused)}.",
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
        # Records that published records show: the action asks first.
        asking = publishing.ask_selected(self, request, queryset)
        if asking is not None:
            return asking
        self._move_all(request, queryset, "unpublish", confirmed=True)

    # History: reversion's revisions, compared field by field; a restore keeps
    # the status and is itself a new revision.

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # A link edited from this end is held by the record at the other end:
        # that record's history gets the change too.
        for row in history.link_rows(formset):
            for other in history.records_linked_by(row, self.model):
                reversion.add_to_revision(other)

    def _record_or_404(self, object_id):
        """The record of this admin's kind with ``object_id``; 404 for a malformed id."""
        try:
            return get_object_or_404(self.model, pk=unquote(object_id))
        except (ValueError, ValidationError) as error:
            raise Http404 from error

    def _restore_form(self, request, version, template, context):
        if request.method == "POST":
            return self._restore(request, version)
        # The form shows the version as it would come back (and rolls back):
        # this record and its own rows, never other records saved in the
        # same revision (a practice linked from this challenge's form).
        version.revision.revert = lambda delete=False: history.restore(version)
        return self._reversion_revisionform_view(request, version, template, context)

    def _restore(self, request, version):
        """Bring the version back as it was, as a new revision of its own.

        Not through the form: its rows' ids were those of the preview, which
        was rolled back (on PostgreSQL sequences move on, so the same rows
        get other ids now). Changes are made on the record afterwards."""
        info = self.model._meta.app_label, self.model._meta.model_name
        status, slug = _stored(self.model, version.object_id)
        existed = status is not None
        try:
            with transaction.atomic(using=version.db), reversion.create_revision():
                history.restore(version, request.user)
                record = self.model._default_manager.get(pk=version.object_id)
                if status == Status.PUBLISHED and slug != record.slug:
                    addresses.remember(record, slug)
                reversion.add_to_revision(record)
                reversion.set_user(request.user)
                when = version.revision.date_created.strftime("%Y-%m-%d %H:%M")
                verb = "Restored" if existed else "Recovered"
                reversion.set_comment(f"{verb} the version saved on {when}")
        except history.RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
            if existed:
                return redirect(
                    reverse("admin:{}_{}_history".format(*info), args=[version.object_id])
                )
            return redirect(reverse("admin:{}_{}_recoverlist".format(*info)))
        self.message_user(
            request,
            f"“{record}” is back as it was on {when} ({record.get_status_display().lower()}); "
            "change it below if need be.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        record = self._record_or_404(object_id)
        if request.method == "POST" and not self.has_change_permission(request, record):
            raise PermissionDenied
        # A version of this very record: same kind (content type) and id.
        version = get_object_or_404(Version.objects.get_for_object(record), pk=version_id)
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        context = {"title": f"Restore {version.object_repr}", "revert": True}
        return self._restore_form(request, version, template, {**context, **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        # A version of a record of this admin's kind that no longer exists.
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404("That record exists: open its history to restore a version.")
        template = self.recover_form_template or self._reversion_get_template_list(
            "recover_form.html"
        )
        context = {"title": f"Recover {version.object_repr}", "recover": True}
        return self._restore_form(request, version, template, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        record = self._record_or_404(object_id)
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        return super().history_view(request, str(record.pk), extra_context)

    def changelist_view(self, request, extra_context=None):
        context = {"may_recover": self.has_recover_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def compare_view(self, request, object_id):
        record = self._record_or_404(object_id)
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        return history.compare(self, request, record)
