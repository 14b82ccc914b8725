"""What the record pages share: querysets, and how a preview is answered."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers, patch_cache_control

from collabkb import versions
from collabkb.models import Citation, Source

# As a reader wants them: in document order ("Step 2" before "Step 10").
CITATION_ORDER = ("source__slug", "position", "locator_sort", "second", "key")


def citation_paths(path):
    """The columns of a citation at ``path`` (from a row holding it) and of
    its source, as ``citation_of`` reads them from a values_list."""
    citation, source = _citation_columns()
    return [
        *(f"{path}__{name}" for name in citation),
        *(f"{path}__source__{name}" for name in source),
    ]


def citation_of(values):
    """A Citation with its Source from ``values`` read by ``citation_paths``."""
    citation, source = _citation_columns()
    found = Citation.from_db(DEFAULT_DB_ALIAS, citation, values[: len(citation)])
    found.source = Source.from_db(DEFAULT_DB_ALIAS, source, values[len(citation) :])
    return found


def _citation_columns():
    return (
        [f.attname for f in Citation._meta.concrete_fields],
        [f.attname for f in Source._meta.concrete_fields],
    )


def citations_prefetch():
    """Records' citations with their sources."""
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("source").order_by(*CITATION_ORDER)
    )


def published_prefetch(lookup, model, *related, order=("title_sort",)):
    return Prefetch(
        lookup,
        queryset=model.objects.published().prefetch_related(*related).order_by(*order),
    )


def published_links(field):
    """(this record's pk, the linked record's pk) for every link of the
    many-to-many ``field`` whose two ends are both published: one query."""
    through = field.remote_field.through
    here, there = field.m2m_field_name(), field.m2m_reverse_field_name()
    return through.objects.filter(
        **{f"{here}__status": "published", f"{there}__status": "published"}
    ).values_list(f"{here}_id", f"{there}_id")


def link_ends(model, name):
    """(link model, its foreign key to a record of ``model``, the one to the
    other end) of the many-to-many ``name`` of ``model`` (a field or a
    reverse accessor)."""
    field = model._meta.get_field(name)
    if not field.concrete:  # the other model declares it
        field = field.remote_field
        return field.remote_field.through, field.m2m_reverse_field_name(), field.m2m_field_name()
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def link_prefetch(model, name, order=("title_sort",), places=True):
    """For a list's download: the link rows of ``name`` (a many-to-many of
    ``model``) to published records, each with the record at its other end
    and (``places``) the public citations stating it, as ``<name>_with_basis``
    of each record; ``Prefetched.related(name)`` gives the records, each with
    its link's ``link_basis``, ``link_reason`` and ``link_citations``."""
    through, here, there = link_ends(model, name)
    rows = (
        through.objects.filter(**{f"{there}__status": "published"})
        .select_related(there)
        .order_by(*(f"{there}__{path}" for path in order))
    )
    if places:
        citations = Citation.objects.public().select_related("source").order_by(*CITATION_ORDER)
        rows = rows.prefetch_related(Prefetch("citations", queryset=citations))
    accessor = through._meta.get_field(here).remote_field.get_accessor_name()
    return Prefetch(accessor, queryset=rows, to_attr=f"{name}_with_basis")


def records_of_links(record, name, places=True):
    """The records at the other end of ``record``'s prefetched links ``name``
    (``link_prefetch``), each with its link's basis, reason and (``places``,
    as prefetched) citations."""
    through, _, there = link_ends(type(record), name)
    found = []
    for row in getattr(record, f"{name}_with_basis"):
        other = getattr(row, there)
        other.link_pk, other.link_basis, other.link_reason = row.pk, row.basis, row.reason
        other.link_citations = list(row.citations.all()) if places else []
        found.append(other)
    return found


def linked(name, records, basis=True):
    """Linked records for a download: their titles under ``name``, their slugs
    under ``name_slugs`` (a spreadsheet reads names; a program, slugs), and
    (``basis``: links that are claims, not a case's participants) each
    link's basis in lists of the same order: ``name_basis`` ("stated" or
    "ours"), ``name_reasons`` (our reading's), ``name_stated_by`` (the keys
    of the citations stating it) and ``name_stated_in`` (their places); the
    same keys for a record with no such link, so that every row of a
    spreadsheet has the columns. A record page's JSON and a list's download
    read them alike (``links.related``, ``link_prefetch``)."""
    records = list(records)
    data = {name: [r.title for r in records], f"{name}_slugs": [r.slug for r in records]}
    if basis:
        data[f"{name}_basis"] = [r.link_basis for r in records]
        data[f"{name}_reasons"] = [r.link_reason for r in records]
        data[f"{name}_stated_by"] = [" ".join(c.key for c in r.link_citations) for r in records]
        data[f"{name}_stated_in"] = ["; ".join(str(c) for c in r.link_citations) for r in records]
    return data


def depends_on_links(record, name):
    """The page being rendered shows the records linked to ``record`` by its
    many-to-many ``name`` (their titles): when the page cache is collecting,
    one query."""
    if not versions.collecting_now():
        return
    field = type(record)._meta.get_field(name)
    if field.many_to_many and not field.concrete:  # the other model declares it
        field = field.remote_field
        here, there = field.m2m_reverse_field_name(), field.m2m_field_name()
        other = field.model
    else:
        here, there = field.m2m_field_name(), field.m2m_reverse_field_name()
        other = field.related_model
    rows = field.remote_field.through._default_manager.filter(**{f"{here}_id": record.pk})
    versions.depends_on_rows(other, rows.values_list(f"{there}_id", flat=True))


def preview(record, response):
    """A curator's view of an unpublished record is theirs alone: never cached.
    A reader's page of it depends on the record (see collabkb/versions.py)."""
    versions.depends_on(versions.tag(type(record), record.pk))
    if not record.is_published:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
