"""``{% neighbourhood record as map %}``: a record's neighbourhood, drawn."""

from django import template

from collabkb.maps import drawing, select
from collabkb.published import neighbourhood as neighbourhoods

register = template.Library()


@register.simple_tag
def neighbourhood(record):
    """The records ``record`` links to and theirs, read through
    ``collabkb.published``, drawn; None for a kind not on the map."""
    graph = neighbourhoods.around(record)
    if graph is None:
        return None
    kind = neighbourhoods.on_map()[type(record)]
    selection = select.neighbourhood(kind.name, record.pk, graph)
    return {
        "selection": selection,
        "svg": drawing.draw(selection),
        "list": drawing.as_list(selection),
    }
