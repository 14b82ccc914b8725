"""The rows under a record's form at a cost that does not grow with their number.

A record's form shows its citations and links as inline rows, each with
choices read by autocomplete. Shown one by one, every row would ask the
database for the label of its choice, and every row posted back would be
looked up and validated again. Here a formset reads its rows with the
records they point to (``select_related``), the labels of all its rows'
choices in one query a field (``LabelPool``), and a row posted back as it
was is not cleaned again: its values are the row's (``KeptRow``). A row
added, changed or deleted is cleaned as usual. A long inline starts folded.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist
from django.forms.utils import ErrorDict


class LabelPool:
    """The chosen objects of one autocomplete field over every row of a formset,
    read in one query the first time a row draws its choice."""

    def __init__(self, formset, name):
        self.formset, self.name = formset, name
        self._found = None

    def chosen(self, widget, wanted):
        """The objects among ``wanted`` (values as strings), in the choices' order."""
        if self._found is None:
            self._found = self._read(widget)
        return [obj for value, obj in self._found.items() if value in wanted]

    def _read(self, widget):
        to_field = _to_field(widget)
        values = set()
        for form in self.formset.forms:
            value = form[self.name].value()
            values.update(_keys(value if isinstance(value, list | tuple) else [value]))
        if not values:
            return {}
        found = widget.choices.queryset.using(widget.db).filter(**{f"{to_field}__in": values})
        return {str(getattr(obj, to_field)): obj for obj in found}


class PooledAutocomplete:
    """An autocomplete widget drawing its chosen option from its formset's
    ``LabelPool`` (``pool``), when it has one; alone, as Django draws it."""

    pool = None

    def optgroups(self, name, value, attr=None):
        if self.pool is None:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        wanted = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        to_field = _to_field(self)
        has_selected = False
        for obj in self.pool.chosen(self, wanted):
            option_value = getattr(obj, to_field)
            selected = str(option_value) in value and (
                has_selected is False or self.allow_multiple_selected
            )
            has_selected |= selected
            label = self.choices.field.label_from_instance(obj)
            default[1].append(
                self.create_option(name, option_value, label, wanted, len(default[1]))
            )
        return [default]


class PooledSelect(PooledAutocomplete, AutocompleteSelect):
    pass


class KeptRow:
    """A form of an inline row: an existing row posted back as it was is not
    cleaned again (no look-up of its choices, no validation query); its
    cleaned values are the row's own."""

    def full_clean(self):
        if not self.is_bound or self.instance.pk is None or self.has_changed():
            return super().full_clean()
        self._errors = ErrorDict()
        self.cleaned_data = {name: self._kept(name) for name in self.fields}
        return None

    def _kept(self, name):
        row = self.instance
        if name == row._meta.pk.name:
            return row
        try:
            field = row._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the form only (DELETE): as it was shown
            return self.get_initial_for_field(self.fields[name], name)
        if field.many_to_many:
            return list(getattr(row, name).all())
        return getattr(row, name)


class PooledFormSet:
    """An inline formset whose rows share a ``LabelPool`` per autocomplete field."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        pools = self.__dict__.setdefault("_pools", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if isinstance(widget, PooledAutocomplete):
                if name not in pools:
                    pools[name] = LabelPool(self, name)
                widget.pool = pools[name]
        return form

    def get_queryset(self):
        # Each row reads as the records at its ends (its str(), its choices);
        # read once, as Django's formset keeps its queryset.
        if not hasattr(self, "_queryset"):
            rows = super().get_queryset()
            ends = [f.name for f in self.model._meta.concrete_fields if f.many_to_one]
            if ends and rows.query.select_related is not True:  # True: all already
                rows = rows.select_related(*ends)
            self._queryset = rows
        return self._queryset


class PooledInline:
    """An inline of a record's form whose cost does not grow with its rows."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PooledSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = type(formset.form.__name__, (KeptRow, formset.form), {})
        return type(formset.__name__, (PooledFormSet, formset), {"form": form})


LONG = 5  # rows of an inline: more, and it starts folded


def fold_if_long(inline_formset):
    """A long inline (more than ``LONG`` rows) opens folded (the admin's
    ``collapse``: a <details> opened by its heading), its heading counting its
    rows, so that the form stays short; a form posted back opens unfolded."""
    formset = inline_formset.formset
    count = formset.initial_form_count()
    if count > LONG and not formset.is_bound:  # a form coming back shows what was typed
        inline_formset.classes = f"{inline_formset.classes} collapse".strip()
        inline = inline_formset.opts  # this request's inline
        inline.verbose_name_plural = f"{inline.verbose_name_plural} ({count})"


def pooled(inline):
    """``inline`` (an InlineModelAdmin class) as a ``PooledInline``, made once."""
    if issubclass(inline, PooledInline):
        return inline
    made = _POOLED.get(inline)
    if made is None:
        made = _POOLED[inline] = type(inline.__name__, (PooledInline, inline), {})
    return made


_POOLED = {}


def _to_field(widget):
    remote = widget.field.remote_field
    opts = remote.model._meta
    return opts.get_field(getattr(remote, "field_name", opts.pk.attname)).attname


def _keys(values):
    """``values`` as strings, less the empty and those no primary key could be."""
    return {str(v) for v in values if v not in (None, "") and str(v).isdigit()}
