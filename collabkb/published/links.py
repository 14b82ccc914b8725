"""A record's links to other records, both ways, as its page lists them.

A list shows its first nodes and how many there are (``nodes.Linked``), in
one query whatever the number, each with its link's basis: stated by a
source, with the places that state it (one more query for the list), or our
reading, with its reason (collabkb/models/claims.py). The JSON of a record
page reads the same links whole (``related``). Only published records are
listed: a link to a draft is not shown, on a published page or in a
curator's preview; a stated link's places are those of citations of a
record at one end of it, never of a draft at the other.
"""

from typing import NamedTuple

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.utils.text import slugify

from collabkb import prepared, versions
from collabkb.kinds import registry
from collabkb.links import reverse
from collabkb.models.claims import Link
from collabkb.published import nodes
from collabkb.published.records import CITATION_ORDER, citation_of, citation_paths, link_ends
from collabkb.text.timestamps import format_seconds


def _kind_at_end(record, name):
    return registry.for_model(type(record)._meta.get_field(name).related_model)


def _published(record, name):
    """The published records linked to ``record`` by the many-to-many
    ``name`` (a field or a reverse accessor), as a queryset."""
    return getattr(record, name).published()


def is_claim(record, name):
    """Whether the links ``name`` of ``record`` are claims with a basis."""
    through, _, _ = link_ends(type(record), name)
    return issubclass(through, Link)


def through_links(record, name):
    """The published records linked to ``record`` by ``name``, each with its
    link row joined as ``link`` (one join: a pair is linked once)."""
    return _through_links(type(record), name, record.pk)


def _through_links(model, name, pk):
    through, here, there = link_ends(model, name)
    other = through._meta.get_field(there)
    rows = other.related_query_name()
    joined = FilteredRelation(rows, condition=Q(**{f"{rows}__{here}": pk}))
    return other.related_model.objects.published().annotate(link=joined).filter(link__isnull=False)


LINK = ("link__pk", "link__basis", "link__reason")


def places(record, name, links):
    """{link pk: [citation]} of the places stating the links ``links`` (pks
    of rows of ``name``'s link model, at ``record``): their citations
    attached to a record at one end of the link, with their sources. One
    query, whatever the links (none: [0], no row's, so that a page makes the
    same queries whatever it lists)."""
    rows = prepared.rows(_places_query, (record.pk, links or [0]), (type(record), name))
    by_link = {}
    for link, *values in rows:
        by_link.setdefault(link, []).append(citation_of(values))
    return by_link


class Place(NamedTuple):
    """A place stating a link, as a record page's list links to it: the
    address and the label of its citation (``Citation.get_absolute_url``
    and ``str``)."""

    url: str
    label: str


PLACE_PATHS = ("source__slug", "source__short_name", "source__title", "second", "locator")


def stated_places(record, name, links):
    """{link pk: [Place]} of the places stating the links ``links``, as
    ``places`` reads them: the few columns a list prints, no model instance.
    One query, whatever the links."""
    rows = prepared.rows(_stated_query, (record.pk, links or [0]), (type(record), name))
    by_link = {}
    for link, slug, short_name, title, second, locator in rows:
        if second is not None:
            url, label = reverse("sources:moment", (slug, second)), format_seconds(second)
        else:
            url, label = f"{reverse('sources:detail', (slug,))}#{slugify(locator)}", locator
        by_link.setdefault(link, []).append(Place(url, f"{label} · {short_name or title}"))
    return by_link


def _stated_query(model, name, pk, links):
    cited = link_ends(model, name)[0]._meta.get_field("citations").m2m_reverse_field_name()
    rows = _places_query(model, name, pk, links)
    link = rows.query.values_select[0]
    return rows.values_list(link, *(f"{cited}__{path}" for path in PLACE_PATHS))


def places_of_links(model, name, links):
    """{link pk: [citation]} of the places stating the links ``links`` (pks
    of rows of the many-to-many ``name`` of ``model``, at any records):
    their citations attached to a record at one end of the link. One query,
    whatever the links."""
    rows = prepared.rows(_places_of_links_query, (links or [0],), (model, name))
    by_link = {}
    for link, *values in rows:
        by_link.setdefault(link, []).append(citation_of(values))
    return by_link


def _places_of_links_query(model, name, links):
    through, here, _ = link_ends(model, name)
    link = through._meta.get_field("citations").m2m_field_name()
    return _places_query(model, name, OuterRef(f"{link}__{here}_id"), links)


def _places_query(model, name, pk, links):
    through, here, there = link_ends(model, name)
    field = through._meta.get_field("citations")
    rows = field.remote_field.through._default_manager
    link, cited = field.m2m_field_name(), field.m2m_reverse_field_name()
    end = through._meta.get_field(there).related_model
    return (
        rows.filter(**{f"{link}_id__in": links})
        .filter(
            Exists(_citing(model, cited, pk=pk))
            | Exists(_citing(end, cited, pk=OuterRef(f"{link}__{there}_id")))
        )
        .order_by(*(f"{cited}__{path}" for path in CITATION_ORDER))
        .values_list(f"{link}_id", *citation_paths(cited))
    )


def _citing(model, cited, pk):
    """The citation rows of the record ``pk`` of ``model`` that hold the
    citation of the outer row."""
    field = model._meta.get_field("citations")
    rows = field.remote_field.through._default_manager
    return rows.filter(
        **{
            f"{field.m2m_field_name()}_id": pk,
            f"{field.m2m_reverse_field_name()}_id": OuterRef(f"{cited}_id"),
        }
    )


def linked(record, name, limit=None, in_sequence=False):
    """The first ``limit`` (all if None) published records linked to
    ``record`` by ``name``, by title, or ``in_sequence`` by their kind's
    ``link_order`` first; with their count (``nodes.Linked``), each with its
    link's basis and the places stating it. Two queries."""
    shape = (type(record), name, limit, in_sequence)
    rows = prepared.rows(_linked_query, (record.pk,), shape)
    stated = stated_places(record, name, [row[7] for row in rows])  # the link rows' pks
    return nodes.of_rows(_kind_at_end(record, name).model, rows, link=True, stated=stated)


def _linked_query(model, name, limit, in_sequence, pk):
    other = registry.for_model(model._meta.get_field(name).related_model)
    order = nodes.in_sequence(other) if in_sequence else nodes.by_title()
    return nodes.query(_through_links(model, name, pk), order, limit, link=LINK)


def linked_through(record, first, then, leaving, limit=None):
    """The published records linked by ``then`` to any published record
    linked to ``record`` by ``first``, less those linked to ``record`` by
    ``leaving``, by title: the cases that show the practices addressing a
    challenge, less the cases that faced it. One query."""
    shape = (type(record), first, then, leaving, limit)
    rows = prepared.rows(_through_query, (record.pk,), shape)
    model = type(record)._meta.get_field(first).related_model._meta.get_field(then).related_model
    return nodes.of_rows(model, rows)


def _through_query(model, first, then, leaving, limit, pk):
    record = model(pk=pk)
    via = _published(record, first)
    other = via.model._meta.get_field(then).related_model
    records = (
        other.objects.published()
        .filter(pk__in=via.values(then))
        .exclude(pk__in=getattr(record, leaving).values("pk"))
    )
    return nodes.query(records, nodes.by_title(), limit)


def related(record, name, order=None):
    """Every record linked to ``record`` by ``name``, as model instances (what
    a record's JSON lists): the published ones of a record kind, by title or
    ``order``, each with its link's ``link_basis``, ``link_reason`` and
    ``link_citations`` (the places stating it); anything else (places,
    levels) in its own order. Two queries."""
    if _kind_at_end(record, name) is None:
        return list(getattr(record, name).all())
    if not is_claim(record, name):  # a case's participants: no basis
        found = list(_published(record, name).order_by(*(order or nodes.by_title())))
    else:
        found = list(
            through_links(record, name)
            .annotate(
                link_pk=F("link__pk"), link_basis=F("link__basis"), link_reason=F("link__reason")
            )
            .order_by(*(order or nodes.by_title()))
        )
        stated = places(record, name, [other.link_pk for other in found])
        for other in found:
            other.link_citations = stated.get(other.link_pk, [])
    if found:  # the page shows them: it depends on them (collabkb/versions.py)
        versions.depends_on_rows(type(found[0]), (other.pk for other in found))
    return found
