"""What the record pages share: querysets, and how a preview is answered."""

from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers, patch_cache_control

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


def preview(record, response):
    """A curator's view of an unpublished record is theirs alone: never cached."""
    if not record.is_published:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
