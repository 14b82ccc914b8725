"""Search: match, filter by facets, count, rank, page and highlight.

Every search runs a fixed number of queries: the total, one count per facet,
the ranked page of ids and the documents of that page.
"""

from dataclasses import dataclass, field

from django.db import OperationalError, connection

from collabkb.params import clean as clean_param
from collabkb.search import backends, highlight
from collabkb.search.backends import backend
from collabkb.search.documents import SearchDocument
from collabkb.search.query import parse

PAGE_SIZE = 20
MAX_CLOSE = 200
FACETS = [
    ("kind", "Kind"),
    ("tag", "Tag"),
    ("source", "Source"),
    ("country", "Country of participants"),
    ("sector", "Sector of participants"),
]


@dataclass
class Hit:
    document: SearchDocument
    snippet: str


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
    close_spelling: bool = False
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


def _scalar(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page_number(raw):
    try:
        return max(1, int(str(raw)[:6]))
    except (TypeError, ValueError):
        return 1


def search(text, selected=None, page=1):
    """Search, falling back to plain matching where SQLite has no FTS5."""
    try:
        return _search(text, selected, page)
    except OperationalError as error:
        if connection.vendor != "sqlite" or not backends.is_missing_fts5(error):
            raise
        backends.fall_back_to_plain_matching()
        return _search(text, selected, page)


def _search(text, selected, page):
    """Search for ``text`` with the facet values ``selected`` ({facet: value}).

    All the words must match; if no document has them all, any of them may;
    if still nothing matches, close spellings are tried.
    """
    query = parse(text)
    known = dict(FACETS)
    selected = {k: clean_param(v) for k, v in (selected or {}).items() if k in known}
    selected = {k: v for k, v in selected.items() if v}
    results = Results(query=query, selected=selected)
    if query.is_empty:
        return results
    engine = backend()
    results.engine = engine.name
    where, where_params = _filters(selected)

    def count(match_sql, match_params):
        return _scalar(
            "SELECT COUNT(*) FROM collabkb_searchdocument d "
            f"WHERE d.id IN ({match_sql}) AND {where}",
            match_params + where_params,
        )

    any_terms = False
    match_sql, match_params = engine.match_sql(query)
    total = count(match_sql, match_params)
    if total == 0 and len(query.terms) + len(query.phrases) > 1:
        any_terms = True
        match_sql, match_params = engine.match_sql(query, any_terms=True)
        total = count(match_sql, match_params)
        results.any_terms = total > 0
    close_ids = None
    if total == 0 and not selected:
        close = engine.close_spellings(query)
        close_ids = [row[0] for row in _rows(*close)][:MAX_CLOSE] if close else []
        if close_ids:
            results.close_spelling = True
            match_sql = (
                "SELECT id FROM collabkb_searchdocument WHERE id IN ({})".format(
                    ", ".join(["%s"] * len(close_ids))
                )
            )
            match_params = close_ids
            total = len(close_ids)
    results.total = total
    results.pages = max(1, -(-total // PAGE_SIZE))
    results.page = min(_page_number(page), results.pages)
    offset = (results.page - 1) * PAGE_SIZE

    for facet, title in FACETS:
        others, params = _filters(selected, except_facet=facet, column="document_id")
        rows = _rows(
            "SELECT value, label, COUNT(DISTINCT document_id) "
            "FROM collabkb_searchfacet "
            f"WHERE facet = %s AND document_id IN ({match_sql}) AND {others} "
            "GROUP BY value, label ORDER BY COUNT(DISTINCT document_id) DESC, label",
            [facet, *match_params, *params],
        )
        value = selected.get(facet)
        if value is not None and value not in {row[0] for row in rows}:
            results.messages.append(f"No results with {title.lower()} “{value}”.")
        results.facets.append((facet, title, rows, value))

    if results.close_spelling:
        ids = close_ids[offset : offset + PAGE_SIZE]
    elif total:
        ids = engine.ranked(
            query, where, where_params, PAGE_SIZE, offset, any_terms=any_terms
        )
    else:
        ids = []
    documents = SearchDocument.objects.in_bulk(ids)
    words = [] if results.close_spelling else query.words
    results.hits = [
        Hit(doc, highlight.snippet([doc.summary, doc.body], words))
        for doc in (documents.get(i) for i in ids)
        if doc is not None
    ]
    return results
