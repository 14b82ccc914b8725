"""``{% neighbourhood record as map %}``: a record's neighbourhood, drawn."""

from django import template

from collabkb import pagecache, versions
from collabkb.kinds import registry
from collabkb.maps import drawing, select

register = template.Library()

MOST_KEPT = 500  # drawings kept per process; the graph they come from is kept anyway
_drawn = pagecache.kept_per_content_version(MOST_KEPT)  # (kind, pk) -> drawing


def _draw(key):
    selection = select.neighbourhood(*key)
    return {
        "selection": selection,
        "svg": drawing.draw(selection),
        "list": drawing.as_list(selection),
    }


@register.simple_tag
def neighbourhood(record):
    """Drawn once per record and content version: the same content gives the same drawing."""
    kind = registry.for_model(type(record))
    if kind is None or kind.map_column is None:
        return None
    key = (kind.name, record.pk)
    drawn = _drawn(key, lambda: _draw(key))
    # It shows records two steps out: it depends on every record it draws.
    for _, nodes, _ in drawn["selection"].columns:
        versions.depends_on(*(versions.tag(registry.get(n.kind).model, n.pk) for n in nodes))
    return drawn
