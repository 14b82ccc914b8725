"""The strength of a record's evidence, as list cards show it.

How many citations it has, from how many sources, and how many published
records it links to (the kind names its links: ``Kind.evidence_links``).
The figures are stored on the record's row (``collabkb.figures`` keeps them
as writes change them): a page reads three columns, whatever the number of
records. ``counts`` gives the expressions that compute them from the links.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
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


def counts(kind):
    """{stored column: expression computing it} for records of ``kind``:
    correlated subqueries on the record's pk, for an UPDATE."""
    cited = Citation.objects.filter(**{kind.citing_name: OuterRef("pk")})
    links = None
    for name in kind.evidence_links:
        field = kind.model._meta.get_field(name)
        back = field.field.name if field.auto_created else field.related_query_name()
        targets = field.related_model.objects.published().filter(**{back: OuterRef("pk")})
        count = counted(targets, Count("pk"))
        links = count if links is None else links + count
    return {
        "citation_count": counted(cited, Count("pk")),
        "source_count": counted(cited, Count("source", distinct=True)),
        "link_count": links if links is not None else Value(0, output_field=IntegerField()),
    }


def annotations(kind):
    """{name: expression} giving ev_citations, ev_sources and ev_links (the stored figures)."""
    return {
        "ev_citations": F("citation_count"),
        "ev_sources": F("source_count"),
        "ev_links": F("link_count"),
    }
