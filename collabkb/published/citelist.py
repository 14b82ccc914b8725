"""A record's citations as its page lists them, by stance ("Where the sources
say so", and apart those that qualify it or argue otherwise),
the markup in ``partials/citation_list.html`` (a quotation is
``collabkb.sources.parts.quotation``); the citations are read through
``collabkb.published``."""

from collabkb.models import Stance
from collabkb.published.record import citations_of


def quotation_url(citation):
    """A quotation's permalink: its place shown whole, at the quotation."""
    return f"{citation.get_place_url()}#q-{citation.key}"


def record_citations(record, staff=False):
    """What ``partials/citation_list.html`` shows of ``record``: its
    citations by stance (one query), those that support it apart from those
    that qualify it or argue otherwise; curators (``staff``) also see the
    notes' raw timestamp labels and which readings are to be confirmed."""
    by_stance = {stance: [] for stance in Stance.values}
    for citation in citations_of(record):
        by_stance[citation.stance].append(citation)
    return {
        "supporting": by_stance[Stance.SUPPORTS],
        "qualifying": by_stance[Stance.QUALIFIES],
        "arguing": by_stance[Stance.ARGUES_OTHERWISE],
        "staff": staff,
    }
