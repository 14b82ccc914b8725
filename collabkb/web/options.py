"""A form's <option>s and checkboxes, for lists that can hold every record.

The markup of one option is ``templates/partials/option.html``, of one
checkbox or radio ``partials/choice.html``; a select of every record printed
by a template loop costs more than the rest of its page, so each is repeated
as a ``collabkb.text.repeated.Partial``.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from collabkb.text.repeated import Partial

FIELDS = ("value", "label")


def options(choices, current):
    """``<option>``s of (value, label) pairs, the ``current`` value selected."""
    plain = Partial("partials/option.html", FIELDS, selected=False)
    chosen = Partial("partials/option.html", FIELDS, selected=True)
    return mark_safe(
        "".join(
            (chosen if value == current else plain).fill(value=value, label=label)
            for value, label in choices
        )
    )


class OptionList:
    """The ``<option>``s of (value, label) pairs made once, to print in
    several selects or requests: ``selecting(current)`` gives them all with
    ``current`` selected (compare's four selects of every published case)."""

    def __init__(self, choices):
        plain = Partial("partials/option.html", FIELDS, selected=False)
        self._chosen = Partial("partials/option.html", FIELDS, selected=True)
        html, self._at = [], {}
        length = 0
        for value, label in choices:
            part = plain.fill(value=value, label=label)
            self._at.setdefault(value, (length, length + len(part), value, label))
            html.append(part)
            length += len(part)
        self._html = "".join(html)

    def selecting(self, current):
        if current not in self._at:
            return mark_safe(self._html)
        start, end, value, label = self._at[current]
        chosen = self._chosen.fill(value=value, label=label)
        return mark_safe(f"{self._html[:start]}{chosen}{self._html[end:]}")


def grouped(groups, current):
    """``<optgroup>``s of (group label, choices) pairs."""
    return render_to_string(
        "partials/optgroups.html",
        {"groups": [(label, options(choices, current)) for label, choices in groups]},
    )


def choices(name, pairs, picked, kind="checkbox"):
    """Labelled checkboxes (or radios: ``kind="radio"``) named ``name``, one
    per (value, label) pair, checked where the value is in ``picked``."""
    plain = Partial("partials/choice.html", FIELDS, kind=kind, name=name, checked=False)
    chosen = Partial("partials/choice.html", FIELDS, kind=kind, name=name, checked=True)
    return mark_safe(
        "\n".join(
            (chosen if value in picked else plain).fill(value=value, label=label)
            for value, label in pairs
        )
    )
