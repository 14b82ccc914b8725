"""A form's <option>s and checkboxes, for lists that can hold every record.

The markup of one option is ``templates/partials/option.html``, of one
checkbox or radio ``partials/choice.html``. A select of every record printed
by a template loop costs more than the rest of its page (compare's selects
hold thousands of options at ten times the content, at some 8 µs an item),
so each partial is rendered once a list with markers in place of its value
and label, and repeated with them filled in, escaped as the template escapes
them (``conditional_escape``: a label already marked safe is kept as it is).
The partials print ``{{ value }}`` and ``{{ label }}`` once each, unfiltered.
"""

from html import escape

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.safestring import SafeData, mark_safe

_VALUE, _LABEL = "\x00value\x00", "\x00label\x00"


class _Shape:
    """A partial rendered with markers for its value and label: ``fill`` prints
    it for one (value, label) pair."""

    def __init__(self, template, **context):
        html = render_to_string(template, {**context, "value": _VALUE, "label": _LABEL}).strip()
        if not html.count(_VALUE) == html.count(_LABEL) == 1 or html.find(_LABEL) < html.find(
            _VALUE
        ):
            raise ImproperlyConfigured(
                f"{template} must print {{{{ value }}}} and then {{{{ label }}}}, once each "
                "and unfiltered."
            )
        self.head, rest = html.split(_VALUE)
        self.middle, self.tail = rest.split(_LABEL)

    def fill(self, value, label):
        return f"{self.head}{_escaped(value)}{self.middle}{_escaped(label)}{self.tail}"


def options(choices, current):
    """``<option>``s of (value, label) pairs, the ``current`` value selected."""
    plain = _Shape("partials/option.html", selected=False)
    chosen = _Shape("partials/option.html", selected=True)
    return mark_safe(
        "".join(
            (chosen if value == current else plain).fill(value, label) for value, label in choices
        )
    )


class OptionList:
    """The ``<option>``s of (value, label) pairs made once, to print in
    several selects or requests: ``selecting(current)`` gives them all with
    ``current`` selected (compare's four selects of every published case)."""

    def __init__(self, choices):
        plain = _Shape("partials/option.html", selected=False)
        self._chosen = _Shape("partials/option.html", selected=True)
        html, self._at = [], {}
        length = 0
        for value, label in choices:
            part = plain.fill(value, label)
            self._at.setdefault(value, (length, length + len(part), value, label))
            html.append(part)
            length += len(part)
        self._html = "".join(html)

    def selecting(self, current):
        if current not in self._at:
            return mark_safe(self._html)
        start, end, value, label = self._at[current]
        return mark_safe(f"{self._html[:start]}{self._chosen.fill(value, label)}{self._html[end:]}")


def grouped(groups, current):
    """``<optgroup>``s of (group label, choices) pairs."""
    return render_to_string(
        "partials/optgroups.html",
        {"groups": [(label, options(choices, current)) for label, choices in groups]},
    )


def choices(name, pairs, picked, kind="checkbox"):
    """Labelled checkboxes (or radios: ``kind="radio"``) named ``name``, one
    per (value, label) pair, checked where the value is in ``picked``."""
    plain = _Shape("partials/choice.html", kind=kind, name=name, checked=False)
    chosen = _Shape("partials/choice.html", kind=kind, name=name, checked=True)
    return mark_safe(
        "\n".join(
            (chosen if value in picked else plain).fill(value, label) for value, label in pairs
        )
    )


def _escaped(text):
    return str(text) if isinstance(text, SafeData) else escape(str(text))
