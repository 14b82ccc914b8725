"""A linked record as a page shows it (a node), read in one query."""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, Window
from django.utils.text import Truncator

from collabkb import versions
from collabkb.kinds import registry
from collabkb.links import address_of


class Tag(NamedTuple):
    name: str
    slug: str


@dataclass(frozen=True)
class Node:
    kind: str  # the kind's name: "challenges"
    pk: int
    slug: str
    title: str  # as lists show it (a practice with its series and step)
    title_sort: str
    facet: str  # its value of the kind's map facet: a dimension, a kind
    url: str
    text: str = ""  # its summary whole (``summary`` gives what a list shows)
    own_title: str = ""  # its title as its own page heads it ("Step 2: …")
    # Where a record page lists it as linked: the link's row, its basis and
    # reason (collabkb/models/claims.py), the places stating it (``links.Place``).
    link: int | None = None
    basis: str = ""
    reason: str = ""
    stated_by: tuple = ()

    @property
    def key(self):
        return (self.kind, self.pk)

    @functools.cached_property
    def summary(self):
        """Its summary's first 30 words, as a list of records shows it."""
        return Truncator(self.text).words(30, truncate=" …") if self.text else ""


class Linked(NamedTuple):
    """The first nodes of a list, and how many the whole list has."""

    nodes: list
    count: int


def by_title():
    return ("title_sort", "pk")


def in_sequence(kind):
    """``kind``'s sequence (``link_order``: a practice's series and step, the
    empty ones last), then titles."""
    return (*(F(path).asc(nulls_last=True) for path in kind.link_order), *by_title())


def facet_path(kind):
    """The column of ``kind``'s map facet (its pk where it has none)."""
    return kind.map_facet[1] if kind.map_facet else "pk"


def _node(kind, address, pk, slug, title, title_sort, facet, summary, own_title):
    """A node of ``kind``; ``address`` gives a record's address from its slug."""
    url = address(slug)
    return Node(kind.name, pk, slug, title, title_sort, str(facet or ""), url, summary, own_title)


FIELDS = ("pk", "slug", "shown_title", "title_sort", "summary", "title")


def query(records, order=None, limit=None, link=()):
    """The query ``read`` runs: a values_list of the nodes' columns."""
    kind = registry.for_model(records.model)
    rows = (
        records.order_by(*(order or by_title()))
        .annotate(n_listed=Window(Count("pk")))
        .values_list(*FIELDS, facet_path(kind), *link, "n_listed")
    )
    return rows if limit is None else rows[:limit]


def _linked_node(kind, address, stated, pk, slug, title, title_sort, summary, own_title, *more):
    """A node of ``kind`` with its link (a row of ``query`` with ``link``)."""
    facet, link, basis, reason, _ = more
    facet = str(facet or "")
    places = tuple(stated.get(link, ()))
    return Node(
        kind.name,
        pk,
        slug,
        title,
        title_sort,
        facet,
        address(slug),
        summary,
        own_title,
        link,
        basis,
        reason,
        places,
    )


def of_rows(model, rows, link=False, stated=None):
    """The ``Linked`` nodes of ``rows`` of ``query`` (of ``model``'s records);
    with ``link``, each with its link's row, basis, reason and the places
    stating it (``stated``: {link pk: [citation]})."""
    kind = registry.for_model(model)
    address = address_of(model)
    if link:
        stated = stated or {}
        found = [_linked_node(kind, address, stated, *row) for row in rows]
    else:
        found = [_node(kind, address, *row[:4], row[6], row[4], row[5]) for row in rows]
    versions.depends_on_rows(kind.model, (node.pk for node in found))
    return Linked(found, rows[0][-1] if rows else 0)


def read(records, order=None, limit=None, link=()):
    """The nodes of ``records`` (a queryset of one kind's records) in
    ``order`` (by title if None), the first ``limit`` of them (all if None),
    and how many there are: one query. ``link``: the paths of the link row's
    pk, basis and reason, where ``records`` are read through their links."""
    rows = list(query(records, order, limit, link))
    return of_rows(records.model, rows, link=bool(link))


def read_all_query(records):
    """The query ``read_all`` runs."""
    return records.order_by().values_list(*FIELDS, facet_path(registry.for_model(records.model)))


def all_of_rows(model, rows):
    """{key: node} of ``rows`` of ``read_all_query`` (of ``model``'s records)."""
    kind = registry.for_model(model)
    address = address_of(model)
    found = {}
    for pk, slug, title, title_sort, summary, own_title, facet in rows:
        node = _node(kind, address, pk, slug, title, title_sort, facet, summary, own_title)
        found[node.key] = node
    versions.depends_on_rows(kind.model, (pk for _, pk in found))
    return found


def read_all(records):
    """{key: node} of ``records`` (a queryset of one kind's records): one query."""
    return all_of_rows(records.model, list(read_all_query(records)))


def first_rows_query(queryset, fields, limit=None):
    """The first ``limit`` (all if None) rows of ``fields`` of ``queryset``
    (in its order), each ending with how many rows there are: for what a
    page lists besides records (a case's participants)."""
    rows = queryset.annotate(n_listed=Window(Count("pk"))).values_list(*fields, "n_listed")
    return rows if limit is None else rows[:limit]
