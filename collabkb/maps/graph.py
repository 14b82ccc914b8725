"""What the maps draw: the kinds on the map and the links between them.

The records and links themselves are read for each drawing, bounded by what
it shows: a record's neighbourhood by ``collabkb.published.neighbourhood``,
/map/ by ``select.whole`` over the stored link counts.
"""

from django.db.models import ManyToManyField

from collabkb.kinds import registry


def kinds():
    """The kinds on the map, left to right."""
    return sorted(
        (kind for kind in registry if kind.map_column is not None), key=lambda k: k.map_column
    )


def link_fields():
    """(kind, many-to-many field, kind linked to) for each link between kinds on the map."""
    on_map = {kind.model: kind for kind in kinds()}
    found = []
    for kind in on_map.values():
        for name in kind.evidence_links:
            model_field = kind.model._meta.get_field(name)
            if isinstance(model_field, ManyToManyField) and model_field.related_model in on_map:
                found.append((kind, model_field, on_map[model_field.related_model]))
    return found


STATED = "stated"  # the value of ``?basis=`` that keeps only links a source states


def link_rows(model_field, stated_only=False):
    """The rows of the links of ``model_field`` (a many-to-many), or only
    those a source states (collabkb/models/claims.py)."""
    rows = model_field.remote_field.through.objects.all()
    return rows.filter(basis=STATED) if stated_only else rows
