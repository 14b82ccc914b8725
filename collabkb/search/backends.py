"""Full-text matching and ranking, one class per database.

Each backend answers the same two questions in SQL: which documents match
(``match_sql``: a subquery of ids) and in what order (``ranked``). Close
spellings, the same on every database, are in ``spelling``.
"""

import logging

from django.db import connection

from collabkb.search.word_forms import variants

logger = logging.getLogger("collabkb.search")


class PostgresBackend:
    """tsvector with weights A/B/C, websearch-free: the query is built from words."""

    name = "PostgreSQL full-text search"

    def _tsquery(self, query, any_terms=False, neighbours=True):
        parts, params = [], []
        for item in _items(query):
            ways = variants(item) if neighbours else [item]
            parts.append(
                "("
                + " || ".join(
                    "plainto_tsquery('english', %s)"
                    if len(words) == 1
                    else "phraseto_tsquery('english', %s)"
                    for words in ways
                )
                + ")"
            )
            params += [" ".join(words) for words in ways]
        return (" || " if any_terms else " && ").join(parts), params

    def match_sql(self, query, any_terms=False):
        tsquery, params = self._tsquery(query, any_terms)
        return (
            f"SELECT id FROM collabkb_searchdocument WHERE search_vector @@ ({tsquery})",
            params,
        )

    def ranked(self, query, where_sql, where_params, limit, offset, any_terms=False):
        tsquery, params = self._tsquery(query, any_terms)
        typed, typed_params = self._tsquery(query, any_terms, neighbours=False)
        sql = (
            "SELECT d.id FROM collabkb_searchdocument d "
            f"WHERE d.search_vector @@ ({tsquery}) AND {where_sql} "
            f"ORDER BY d.search_vector @@ ({typed}) DESC, "
            f"ts_rank_cd(d.search_vector, ({tsquery}), 32) DESC, "
            "d.title, d.id "
            "LIMIT %s OFFSET %s"
        )
        return _ids(sql, params + where_params + typed_params + params + [limit, offset])


class SQLiteBackend:
    """FTS5 with the porter tokenizer, ranked by bm25 (title 20, summary 4, body 1)."""

    name = "SQLite FTS5"
    RANK = "bm25(collabkb_searchdocument_fts, 20.0, 4.0, 1.0)"

    def _match(self, query, any_terms=False, neighbours=True):
        def quoted(words):
            return '"' + " ".join(w.replace('"', '""') for w in words) + '"'

        return (" OR " if any_terms else " AND ").join(
            "(" + " OR ".join(quoted(w) for w in (variants(item) if neighbours else [item])) + ")"
            for item in _items(query)
        )

    def match_sql(self, query, any_terms=False):
        return (
            "SELECT rowid AS id FROM collabkb_searchdocument_fts "
            "WHERE collabkb_searchdocument_fts MATCH %s",
            [self._match(query, any_terms)],
        )

    def ranked(self, query, where_sql, where_params, limit, offset, any_terms=False):
        sql = (
            "SELECT d.id FROM collabkb_searchdocument_fts f "
            "JOIN collabkb_searchdocument d ON d.id = f.rowid "
            f"WHERE collabkb_searchdocument_fts MATCH %s AND {where_sql} "
            "ORDER BY d.id NOT IN (SELECT rowid FROM collabkb_searchdocument_fts "
            "WHERE collabkb_searchdocument_fts MATCH %s), "
            f"{self.RANK}, d.title, d.id LIMIT %s OFFSET %s"
        )
        typed = self._match(query, any_terms, neighbours=False)
        return _ids(sql, [self._match(query, any_terms), *where_params, typed, limit, offset])


class PlainBackend:
    """Plain LIKE matching, for an SQLite built without FTS5."""

    name = "plain matching (no FTS5)"

    def _where(self, query, any_terms=False):
        clauses, params = [], []
        for item in _items(query):
            ways = []
            for words in variants(item):
                ways.append(
                    "title LIKE %s ESCAPE '\\' OR summary LIKE %s ESCAPE '\\' "
                    "OR body LIKE %s ESCAPE '\\'"
                )
                params += ["%" + _escape_like(" ".join(words)) + "%"] * 3
            clauses.append("(" + " OR ".join(ways) + ")")
        return (" OR " if any_terms else " AND ").join(clauses), params

    def match_sql(self, query, any_terms=False):
        where, params = self._where(query, any_terms)
        return f"SELECT id FROM collabkb_searchdocument WHERE {where}", params

    def ranked(self, query, where_sql, where_params, limit, offset, any_terms=False):
        where, params = self._where(query, any_terms)
        sql = (
            "SELECT d.id FROM collabkb_searchdocument d "
            f"WHERE ({where}) AND {where_sql} "
            "ORDER BY d.title, d.id LIMIT %s OFFSET %s"
        )
        return _ids(sql, params + where_params + [limit, offset])


def _items(query):
    """What must match: each term, then each phrase, as lists of words."""
    return [[t] for t in query.terms] + query.phrases


def _escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


_fts5_missing = False


def backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return PlainBackend() if _fts5_missing else SQLiteBackend()


def is_missing_fts5(error):
    """Whether an SQLite error says the FTS5 tables are not there."""
    return "collabkb_searchdocument_fts" in str(error) or "collabkb_searchdocument_vocab" in str(
        error
    )


def fall_back_to_plain_matching():
    global _fts5_missing
    _fts5_missing = True
    logger.warning(
        "The FTS5 search table is missing (SQLite built without FTS5?): "
        "search falls back to plain matching."
    )
