"""What the record pages share: querysets, and how a preview is answered."""

from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers, patch_cache_control

from collabkb import versions
from collabkb.models import Citation

CITATION_ORDER = ("source__slug", "position", "second", "key")  # as a reader wants them


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


def linked(name, records):
    """Linked records for a download: their titles under ``name``, their slugs
    under ``name_slugs`` (a spreadsheet reads names; a program, slugs)."""
    records = list(records)
    return {name: [r.title for r in records], f"{name}_slugs": [r.slug for r in records]}


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
