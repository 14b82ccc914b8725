"""Querysets shared by the record pages."""

from django.db.models import Prefetch

from collabkb.models import Citation


def citations_prefetch():
    """A record's citations with their source, in the order a reader wants."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("source").order_by(
            "source__slug", "position", "second", "key"
        ),
    )


def published_prefetch(lookup, model, *related, order=("title",)):
    return Prefetch(
        lookup,
        queryset=model.objects.published().prefetch_related(*related).order_by(*order),
    )


def slugs(records):
    return [record.slug for record in records]
