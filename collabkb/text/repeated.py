"""A partial printed once an item of a long list, at the cost of an f-string.

A select of every record, or the boxes of the map, printed by a template loop
cost more than the rest of their page: some 8 µs a printed value, thirty
times what building the string costs. ``Partial`` renders its template once,
with a marker in place of each field, and ``fill`` puts one item's values in,
escaped as the template escapes them (``conditional_escape``: a value already
marked safe is kept as it is). The markup stays in the template, which prints
its fields plainly (``{{ label }}``, not ``{{ label|upper }}``) and decides
nothing on them. A flag that changes the markup (``{% if selected %}``) is
context, not a field: make one Partial for each of its values.
"""

import functools
import re
from html import escape

from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeData

_MARK = "\x00"
_AS_THEY_ARE = (int, SafeData)  # a whole number has nothing to escape
_FIELD = re.compile(f"{_MARK}(\\w+){_MARK}")


class Partial:
    def __init__(self, template, fields, **context):
        compiled = get_template(template).template
        self._format = _format(compiled, tuple(fields), tuple(sorted(context.items())))

    def fill(self, **values):
        """The partial for one item: each field's value, escaped (a whole
        number prints as Python prints it, unlocalised)."""
        for name, value in values.items():
            if not isinstance(value, _AS_THEY_ARE):
                values[name] = escape(str(value))
        return self._format.format_map(values)


@functools.lru_cache(maxsize=256)
def _format(compiled, fields, context):
    """The template as a format string: its text as rendered, a {name} for each field.

    Kept for each compiled template: one edited in development is compiled
    anew, and read anew here."""
    markers = {name: f"{_MARK}{name}{_MARK}" for name in fields}
    pieces = _FIELD.split(compiled.render(Context({**dict(context), **markers})).strip())
    texts, names = pieces[0::2], pieces[1::2]
    if any(_MARK in text for text in texts) or not set(names) <= set(fields):
        raise ImproperlyConfigured(
            f"{compiled.origin.template_name} must print its fields ({', '.join(fields)}) "
            "plainly, unfiltered."
        )
    parts = [_braced(texts[0])]
    for name, text in zip(names, texts[1:], strict=True):
        parts += ["{", name, "}", _braced(text)]
    return "".join(parts)


def _braced(text):
    return text.replace("{", "{{").replace("}", "}}")
