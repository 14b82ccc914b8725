"""The parts of a source's pages repeated for every place: the records citing
it and its quotations. A timeline or an outline shows them for each of its
dozens of places, so the records are ``collabkb.text.repeated.Partial``s:
``templates/partials/place_records.html`` holding ``place_record.html``."""

from django.utils.safestring import mark_safe

from collabkb.published.citelist import quotation
from collabkb.text.repeated import Partial


def place_records(records):
    """The records (``places.Cited``) citing a place, or a line saying there is none."""
    item = Partial("partials/place_record.html", ("kind", "url", "title"))
    items = mark_safe("".join(item.fill(kind=r.kind, url=r.url, title=r.title) for r in records))
    listed = Partial("partials/place_records.html", ("items",), cited=bool(records))
    return mark_safe(listed.fill(items=items))


def quotations(citations):
    """The quotations of ``citations``, each a figure with its anchor."""
    return mark_safe("".join(f"\n{quotation(citation, anchored=True)}\n" for citation in citations))
