"""The strength of a record's evidence, as list cards show it.

How many citations it has, from how many sources, and how many published
records it links to (the kind names its links: ``Kind.evidence_links``).
Each figure is a correlated subquery of the page's own query: no query more
per page, whatever the number of records.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from collabkb.models import Citation


def counted(queryset, expression):
    counts = (
        queryset.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=expression)
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def annotations(kind):
    """{name: expression} giving ev_citations, ev_sources and ev_links."""
    cited = Citation.objects.filter(**{kind.citing_name: OuterRef("pk")})
    links = None
    for name in kind.evidence_links:
        field = kind.model._meta.get_field(name)
        back = field.field.name if field.auto_created else field.related_query_name()
        targets = field.related_model.objects.published().filter(**{back: OuterRef("pk")})
        count = counted(targets, Count("pk"))
        links = count if links is None else links + count
    return {
        "ev_citations": counted(cited, Count("pk")),
        "ev_sources": counted(cited, Count("source", distinct=True)),
        "ev_links": links if links is not None else Value(0, output_field=IntegerField()),
    }
