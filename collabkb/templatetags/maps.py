"""``{% neighbourhood record as map %}``: a record's neighbourhood, drawn."""

from django import template

from collabkb.kinds import registry
from collabkb.maps import drawing, select

register = template.Library()


@register.simple_tag
def neighbourhood(record):
    kind = registry.for_model(type(record))
    if kind is None or kind.map_column is None:
        return None
    selection = select.neighbourhood(kind.name, record.pk)
    return {
        "selection": selection,
        "svg": drawing.draw(selection),
        "list": drawing.as_list(selection),
    }
