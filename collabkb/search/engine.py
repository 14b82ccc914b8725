"""Search: match, filter by facets, count, rank, page and highlight.

Every search runs a fixed number of queries: one for the counts of every
facet without a selected value (their kinds add up to the total), one for
each facet with one, the ranked page of ids and the documents of that page.
"""

from dataclasses import dataclass, field

from django.db import OperationalError, connection

from collabkb.kinds import registry
from collabkb.models.search import SearchDocument
from collabkb.search import backends, highlight, spelling
from collabkb.search.backends import backend
from collabkb.search.query import MAX_INPUT, MAX_TERMS, parse
from collabkb.text.params import clean as clean_param

PAGE_SIZE = 20
# Facets every document has; kinds add their own (a case's countries …).
COMMON_FACETS = [("kind", "Kind"), ("tag", "Tag"), ("source", "Source")]


def facets():
    """(param, title) of every search facet, the kinds' after the common ones."""
    found = list(COMMON_FACETS)
    for kind in registry:
        found += [facet for facet in kind.search_facets if facet not in found]
    return found


@dataclass
class Hit:
    document: SearchDocument
    passage: str  # plain text, as downloads carry it
    words: list = field(default_factory=list)

    @property
    def snippet(self):
        """The passage as HTML, the matched words marked."""
        return highlight.mark(self.passage, self.words)

    @property
    def heading(self):
        return highlight.mark(self.document.heading, self.words)


@dataclass
class Results:
    query: object
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    facets: list = field(default_factory=list)
    selected: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)
    # Set when nothing matched what was typed and close spellings did:
    # the words typed, and the words that replaced them.
    corrected_from: str = ""
    corrected_words: list = field(default_factory=list)
    any_terms: bool = False
    engine: str = ""

    @property
    def start(self):
        return (self.page - 1) * PAGE_SIZE + 1


def _filters(selected, except_facet=None, column="d.id"):
    clauses, params = ["1 = 1"], []
    for facet, value in selected.items():
        if facet != except_facet:
            clauses.append(
                f"{column} IN (SELECT document_id FROM collabkb_searchfacet "
                "WHERE facet = %s AND value = %s)"
            )
            params += [facet, value]
    return " AND ".join(clauses), params


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page_number(raw):
    try:
        return max(1, int(str(raw)[:6]))
    except (TypeError, ValueError):
        return 1


def search(text, selected=None, page=1, page_size=PAGE_SIZE, correct=True):
    """Search; when nothing matches and no filter is set, search close spellings
    instead (unless ``correct`` is false) and say so in the results."""
    results = _search_or_fall_back(text, selected, page, page_size)
    if results.query.cut:
        results.messages.insert(
            0,
            f"Your search was long: only its first {MAX_TERMS} words "
            f"(in at most {MAX_INPUT} characters) were searched.",
        )
    if results.total or results.selected or results.query.is_empty or not correct:
        return results
    fixed = spelling.correct(results.query)
    if fixed is None:
        return results
    corrected = _search_or_fall_back(fixed.text, selected, page, page_size)
    if not corrected.total:
        return results
    corrected.corrected_from = results.query.text
    corrected.corrected_words = fixed.words
    corrected.messages[:0] = results.messages[:1] if results.query.cut else []
    return corrected


def _search_or_fall_back(text, selected, page, page_size):
    """Search, falling back to plain matching where SQLite has no FTS5."""
    try:
        return _search(text, selected, page, page_size)
    except OperationalError as error:
        if connection.vendor != "sqlite" or not backends.is_missing_fts5(error):
            raise
        backends.fall_back_to_plain_matching()
        return _search(text, selected, page, page_size)


def _facet_counts(match_sql, match_params, selected, all_facets):
    """Counts per facet value, with the other facets' filters kept.

    Facets without a selected value share one filter set, so they are counted
    in one GROUP BY; each selected facet needs a query of its own.
    """
    groups = [(None, [f for f, _ in all_facets if f not in selected])]
    groups += [(facet, [facet]) for facet in selected]
    counts = {}
    for except_facet, facets in groups:
        if not facets:
            continue
        others, params = _filters(selected, except_facet=except_facet, column="f.document_id")
        marks = ", ".join(["%s"] * len(facets))
        # Driven by the matches: the cost follows their number, not the table's.
        rows = _rows(
            f"SELECT f.facet, f.value, f.label, COUNT(*) FROM ({match_sql}) m "
            "JOIN collabkb_searchfacet f ON f.document_id = m.id "
            f"WHERE f.facet IN ({marks}) AND {others} "
            "GROUP BY f.facet, f.value, f.label",
            [*match_params, *facets, *params],
        )
        for facet, value, label, n in rows:
            counts.setdefault(facet, []).append((value, label, n))
    for rows in counts.values():
        rows.sort(key=lambda row: (-row[2], str(row[1]).lower()))
    return counts


def _total(counts, selected):
    """Every document has exactly one kind: the kind counts add up to the total."""
    kinds = counts.get("kind", [])
    if "kind" in selected:
        return sum(n for value, _, n in kinds if value == selected["kind"])
    return sum(n for _, _, n in kinds)


def _search(text, selected, page, page_size):
    """Search for ``text`` with the facet values ``selected`` ({facet: value}).

    All the words must match; if no document has them all, any of them may.
    """
    query = parse(text)
    all_facets = facets()
    known = dict(all_facets)
    selected = {k: clean_param(v) for k, v in (selected or {}).items() if k in known}
    selected = {k: v for k, v in selected.items() if v}
    results = Results(query=query, selected=selected)
    if query.is_empty:
        return results
    engine = backend()
    results.engine = engine.name

    any_terms = False
    match_sql, match_params = engine.match_sql(query)
    counts = _facet_counts(match_sql, match_params, selected, all_facets)
    total = _total(counts, selected)
    if total == 0 and len(query.terms) + len(query.phrases) > 1:
        any_terms = True
        match_sql, match_params = engine.match_sql(query, any_terms=True)
        counts = _facet_counts(match_sql, match_params, selected, all_facets)
        total = _total(counts, selected)
        results.any_terms = total > 0
    results.total = total
    results.pages = max(1, -(-total // page_size))
    results.page = min(_page_number(page), results.pages)
    offset = (results.page - 1) * page_size

    for facet, title in all_facets:
        rows = counts.get(facet, [])
        value = selected.get(facet)
        if value is not None and value not in {row[0] for row in rows}:
            results.messages.append(f"No results with {title.lower()} “{value}”.")
        results.facets.append((facet, title, rows, value))

    where, where_params = _filters(selected)
    if total:
        ids = engine.ranked(query, where, where_params, page_size, offset, any_terms=any_terms)
    else:
        ids = []
    documents = SearchDocument.objects.in_bulk(ids)
    words = query.words
    # The snippet is the summary (a quotation's own words when it has none):
    # the body also holds tags and references, which read badly out of context.
    results.hits = [
        Hit(doc, highlight.passage([doc.summary or doc.body], words), words)
        for doc in (documents.get(i) for i in ids)
        if doc is not None
    ]
    return results
