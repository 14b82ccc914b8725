"""A form's <option>s and checkboxes built in Python: a select or a list of
checkboxes of every record, printed by a template loop, costs more than the
rest of its page.

They are escaped with the standard library's ``html.escape`` (what Django's
``escape`` calls) rather than with ``format_html`` per item: at ten times the
content a select or a list holds hundreds of records, and ``format_html``
would cost more than the rest of the page. Labels already marked safe are
kept as they are, as Django's ``conditional_escape`` keeps them."""

from html import escape

from django.utils.html import format_html_join
from django.utils.safestring import SafeData, mark_safe


def options(choices, current):
    """``<option>``s of (value, label) pairs, the ``current`` value selected."""
    return mark_safe(
        "".join(
            f'<option value="{_escaped(value)}"{" selected" if value == current else ""}>'
            f"{_escaped(label)}</option>"
            for value, label in choices
        )
    )


class OptionList:
    """The ``<option>``s of (value, label) pairs escaped once, to print in
    several selects or requests: ``selecting(current)`` gives them all with
    ``current`` selected (compare's four selects of every published case)."""

    def __init__(self, choices):
        html, self._at = [], {}
        length = 0
        for value, label in choices:
            start = f'<option value="{_escaped(value)}"'
            self._at.setdefault(value, length + len(start))
            part = f"{start}>{_escaped(label)}</option>"
            html.append(part)
            length += len(part)
        self._html = "".join(html)

    def selecting(self, current):
        at = self._at.get(current)
        if at is None:
            return mark_safe(self._html)
        return mark_safe(f"{self._html[:at]} selected{self._html[at:]}")


def grouped(groups, current):
    """``<optgroup>``s of (group label, choices) pairs."""
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        ((label, options(choices, current)) for label, choices in groups),
    )


def choices(name, pairs, picked, kind="checkbox"):
    """Labelled checkboxes (or radios: ``kind="radio"``) named ``name``, one
    per (value, label) pair, checked where the value is in ``picked``."""
    start = f'<label class="choice"><input type="{escape(kind)}" name="{escape(name)}" value="'
    return mark_safe(
        "\n".join(
            f'{start}{_escaped(value)}"{" checked" if value in picked else ""}> '
            f"{_escaped(label)}</label>"
            for value, label in pairs
        )
    )


def _escaped(text):
    return str(text) if isinstance(text, SafeData) else escape(str(text))
