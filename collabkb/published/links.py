"""A record's links to other records, both ways, as its page lists them.

A list shows its first nodes and how many there are (``nodes.Linked``), in
one query whatever the number; the JSON of a record page reads the same
querysets whole (``related``). Only published records are listed: a link to
a draft is not shown, on a published page or in a curator's preview.
"""

from collabkb import versions
from collabkb.kinds import registry
from collabkb.published import nodes


def _kind_at_end(record, name):
    return registry.for_model(type(record)._meta.get_field(name).related_model)


def _published(record, name):
    """The published records linked to ``record`` by the many-to-many
    ``name`` (a field or a reverse accessor), as a queryset."""
    return getattr(record, name).published()


def linked(record, name, limit=None, in_sequence=False):
    """The first ``limit`` (all if None) published records linked to
    ``record`` by ``name``, by title, or ``in_sequence`` by their kind's
    ``link_order`` first; with their count (``nodes.Linked``). One query."""
    other = _kind_at_end(record, name)
    order = nodes.in_sequence(other) if in_sequence else nodes.by_title()
    return nodes.read(_published(record, name), order, limit)


def linked_through(record, first, then, leaving, limit=None):
    """The published records linked by ``then`` to any published record
    linked to ``record`` by ``first``, less those linked to ``record`` by
    ``leaving``, by title: the cases that show the practices addressing a
    challenge, less the cases that faced it. One query."""
    via = _published(record, first)
    model = via.model._meta.get_field(then).related_model
    records = (
        model.objects.published()
        .filter(pk__in=via.values(then))
        .exclude(pk__in=getattr(record, leaving).values("pk"))
    )
    return nodes.read(records, nodes.by_title(), limit)


def related(record, name, order=None):
    """Every record linked to ``record`` by ``name``, as model instances (what
    a record's JSON lists): the published ones of a record kind, by title or
    ``order``; anything else (places, levels) in its own order. One query."""
    if _kind_at_end(record, name) is None:
        return list(getattr(record, name).all())
    found = list(_published(record, name).order_by(*(order or nodes.by_title())))
    if found:  # the page shows them: it depends on them (collabkb/versions.py)
        versions.depends_on_rows(type(found[0]), (other.pk for other in found))
    return found
