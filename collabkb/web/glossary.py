"""The glossary: terms the records use, each defined in our words and cited
to the places of the sources it comes from, as records cite them.

The terms are kept here, not in the database: a handful, curated with the
code (a curator who wants to change one edits this module). A term shows
only the places a published record cites (a reader can open them); a term
none of whose places is public is left out."""

from dataclasses import dataclass, field

from django.shortcuts import render

from collabkb.models import Citation
from collabkb.published.sources import public


@dataclass(frozen=True)
class Term:
    slug: str  # its anchor on the page: /glossary/#boundary-spanner
    term: str
    definition: str  # our words
    places: tuple  # the keys of the citations it comes from


@dataclass
class Shown:
    term: Term
    citations: list = field(default_factory=list)


TERMS = (
    Term(
        "boundary-spanner",
        "Boundary spanner",
        "A person who works between the partner organisations as their point of contact, "
        "connecting them where ties are weak. The report advises designating them early on, "
        "and says the relationships are stronger when they understand both academia and "
        "policy-making.",
        ("catalyst-es-lesson-2", "catalyst-table-1", "catalyst-bp-insight-5"),
    ),
    Term(
        "dimension",
        "Dimension (of a challenge)",
        "The kind of barrier a challenge is. The report's tables group their barriers: Table 1 "
        "into relational and organisational dimensions, Table 2 as barriers to cooperation, "
        "Table 3 as barriers of leadership and management. A challenge from the webinar gets "
        "the dimension of what it is about (culture, ecosystem, scaling …): that grouping is "
        "ours. Not to be confused with a level, which says where a barrier sits.",
        ("catalyst-table-1", "catalyst-table-2", "catalyst-table-3"),
    ),
    Term(
        "level",
        "Level (of a challenge)",
        "Where a barrier sits: the report's Table 2 places each barrier to cooperation with "
        "an individual, a project or the wider environment. A challenge can have a level and "
        "a dimension at once; most have only a dimension, because the sources give no level.",
        ("catalyst-table-2",),
    ),
    Term(
        "interface-management",
        "Interface management",
        "The report counts a lack of it among the barriers to collaboration between "
        "organisations, beside incompatible working routines and budget cuts, without "
        "defining it; we read it as managing the points where the partner organisations "
        "meet.",
        ("catalyst-pu-collab",),
    ),
    Term(
        "proposition",
        "Proposition",
        "One of ten short statements, drawn by Rod and Paliwoda from their study of ventures "
        "joining several sectors, of what makes such a venture succeed (a shared mission, "
        "legitimacy, empathy, a shared vision …). The report summarises them; CollabKB holds "
        "each as a practice.",
        ("catalyst-pu-collab",),
    ),
    Term(
        "mini-lateralism",
        "Mini-lateralism",
        "A few countries teaming up around one particular task, instead of relying only on "
        "the large multilateral bodies. The webinar expects more collaboration to take this "
        "shape.",
        ("opsi-webinar-01-35-41",),
    ),
    Term(
        "policy-lab",
        "Policy lab",
        "A joint structure where people in government bring a problem and work on it with "
        "academics. The report names policy labs, with offices of data analytics, as the "
        "two main means of collaboration between organisations.",
        ("catalyst-labs-and-data-offices",),
    ),
    Term(
        "office-of-data-analytics",
        "Office of data analytics (ODA)",
        "A structure in which one organisation leads a network: it gathers data from a "
        "city's departments and uses its own data specialists to build tools for the whole "
        "city, as needs arise.",
        ("catalyst-labs-and-data-offices",),
    ),
)


def glossary(request):
    """Every term with its public places: one query."""
    keys = {key for term in TERMS for key in term.places}
    citations = {
        citation.key: citation
        for citation in public(Citation.objects.filter(key__in=keys)).select_related("source")
    }
    shown = [
        Shown(term, [citations[key] for key in term.places if key in citations]) for term in TERMS
    ]
    return render(
        request,
        "collabkb/glossary.html",
        {"terms": [entry for entry in shown if entry.citations]},
    )
