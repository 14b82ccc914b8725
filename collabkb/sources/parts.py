"""The parts of a source's pages repeated for every place: the records
citing it and its quotations, built in Python with ``html.escape`` (as
``citelist.py`` builds a record's citations): a timeline or an outline
shows them for each of its dozens of places."""

from html import escape

from django.utils.safestring import mark_safe

from collabkb.citelist import quotation


def place_records(records):
    """The records (``places.Cited``) citing a place, or a line saying there is none."""
    if not records:
        return mark_safe('<p class="muted">No published record cites this place yet.</p>')
    items = "".join(
        f'<li><span class="kind-badge">{escape(record.kind)}</span> '
        f'<a href="{escape(record.url)}">{escape(record.title)}</a></li>'
        for record in records
    )
    return mark_safe(f'<ul class="place-records">\n  {items}\n</ul>')


def quotations(citations):
    """The quotations of ``citations``, each a figure with its anchor."""
    return mark_safe("".join(f"\n{quotation(citation, anchored=True)}\n" for citation in citations))
