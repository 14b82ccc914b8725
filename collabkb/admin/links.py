"""Editing a record's links, each with its basis, from either end.

Every link is a row of its link model (collabkb/models/claims.py): a
practice's form edits the challenges it addresses, and a challenge's form
the same rows, as inlines of that link table. Each row reads as the record
at the other end, with its basis, its reason (our reading) and its
citations (stated). A row added or changed whose basis lacks what it needs
is refused with a message on the form; nothing the curator typed is lost.
"""

from django import forms
from django.contrib import admin

from collabkb.admin.citations import citation_formfield
from collabkb.models.claims import problems


class LinkForm(forms.ModelForm):
    """A link row: the basis rule of ``claims.problems``, at form level."""

    here = other = None  # the names of the foreign keys to this record and the other

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("basis")
        # A link left as it was is not checked: a record saves while its
        # links wait for their review.
        if basis is None or self.other not in cleaned or not self.has_changed():
            return cleaned
        this = getattr(self.instance, self.here, None) if self.instance else None
        citations = list(cleaned.get("citations") or [])
        for message in problems(
            basis, cleaned.get("reason", ""), citations, (this, cleaned[self.other])
        ):
            self.add_error(None, message)
        return cleaned


class LinkInline(admin.TabularInline):
    other = None  # the foreign key to the record at the other end
    extra = 1

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows.select_related(self.other).prefetch_related("citations")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = citation_formfield(db_field, self, **kwargs)
        return field or super().formfield_for_manytomany(db_field, request, **kwargs)


def link_inline(through, here, verbose_name, verbose_name_plural):
    """An inline of the link model ``through`` on the form of the record its
    foreign key ``here`` points to, each row naming the record at the other end."""
    other = next(name for name in through.ends if name != here)
    form = type(f"{through.__name__}Form", (LinkForm,), {"here": here, "other": other})
    return type(
        f"{through.__name__}{here.title().replace('_', '')}Inline",
        (LinkInline,),
        {
            "model": through,
            "other": other,
            "form": form,
            "fk_name": here,
            "fields": [other, "basis", "reason", "citations"],
            "autocomplete_fields": [other, "citations"],
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
        },
    )
