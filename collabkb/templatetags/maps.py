"""``{% neighbourhood record as map %}``: a record's neighbourhood, drawn."""

from django import template

from collabkb import pagecache
from collabkb.kinds import registry
from collabkb.maps import drawing, select

register = template.Library()

MOST_KEPT = 500  # drawings kept per process; the graph they come from is kept anyway
_drawn = pagecache.per_content_version(dict)  # (kind, pk) -> drawing, for this content


@register.simple_tag
def neighbourhood(record):
    """Drawn once per record and content version: the same content gives the same drawing."""
    kind = registry.for_model(type(record))
    if kind is None or kind.map_column is None:
        return None
    key = (kind.name, record.pk)
    drawn = _drawn()
    if key not in drawn:
        if len(drawn) >= MOST_KEPT:
            drawn.clear()
        selection = select.neighbourhood(*key)
        drawn[key] = {
            "selection": selection,
            "svg": drawing.draw(selection),
            "list": drawing.as_list(selection),
        }
    return drawn[key]
