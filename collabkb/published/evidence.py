"""The evidence of a record, as cards, record pages and the home page show it.

Its strength is what the sources give, not what CollabKB counts:

- ``stated_source_count``: the sources with a place attached to it that
  *supports* it (a place that qualifies it or argues otherwise does not
  state it): 2 when both sources name it;
- ``stated_link_count``: the published records it links to by a link a
  source *states* (a table row, a sentence), not by our reading;
- a challenge's interview mentions, where the report's tables count them
  (``Challenge.mentions``, a field of its own);
- a practice's and a challenge's ``paired_count`` (the practices and
  challenges a source pairs with it) and ``stated_case_count`` (the cases a
  source says show it or faced it): ``cases/figures.py``.

Citations, sources cited and linked records are still counted
(``citation_count``, ``source_count``, ``link_count``) and shown as counts,
never as strength. The figures are stored on the record's row
(``collabkb.figures`` keeps them as writes change them): a page reads a few
columns, whatever the number of records. ``counts`` gives the expressions
that compute them.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from collabkb.models import Citation, Stance
from collabkb.models.claims import Basis, Link


def counted(queryset, expression):
    counts = (
        queryset.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=expression)
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _link_rows(model, name):
    """(through model, its column of this end, its column of the other end)."""
    from collabkb.published.records import link_ends

    return link_ends(model, name)


def stated_links(model, name):
    """The link rows of ``model``'s many-to-many ``name`` from the outer
    record to a published record, stated by a source (a link model without
    a basis, a participation, is the source's own account: every row)."""
    through, here, there = _link_rows(model, name)
    rows = through.objects.filter(**{here: OuterRef("pk"), f"{there}__status": "published"})
    if issubclass(through, Link):
        rows = rows.filter(basis=Basis.STATED)
    return rows


def _total(counts):
    total = None
    for count in counts:
        total = count if total is None else total + count
    return total if total is not None else Value(0, output_field=IntegerField())


def counts(kind):
    """{stored column: expression computing it} for records of ``kind``:
    correlated subqueries on the record's pk, for an UPDATE."""
    cited = Citation.objects.filter(**{kind.citing_name: OuterRef("pk")})
    attachments = kind.model.citations.through.objects.filter(
        **{kind.key: OuterRef("pk"), "stance": Stance.SUPPORTS}
    )
    links, stated = [], []
    for name in kind.evidence_links:
        field = kind.model._meta.get_field(name)
        back = field.field.name if field.auto_created else field.related_query_name()
        targets = field.related_model.objects.published().filter(**{back: OuterRef("pk")})
        links.append(counted(targets, Count("pk")))
        stated.append(counted(stated_links(kind.model, name), Count("pk")))
    return {
        "citation_count": counted(cited, Count("pk")),
        "source_count": counted(cited, Count("source", distinct=True)),
        "link_count": _total(links),
        "stated_source_count": counted(attachments, Count("citation__source", distinct=True)),
        "stated_link_count": _total(stated),
    }


def annotations(kind):
    """{name: expression} of the stored figures a card shows: ev_sources
    (sources stating it), ev_stated_links (links a source states), and the
    counts ev_citations and ev_links."""
    return {
        "ev_sources": F("stated_source_count"),
        "ev_stated_links": F("stated_link_count"),
        "ev_citations": F("citation_count"),
        "ev_links": F("link_count"),
    }
