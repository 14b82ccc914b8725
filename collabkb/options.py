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
