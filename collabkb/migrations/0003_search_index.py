"""The full-text structures over SearchDocument, per database.

PostgreSQL: a stored generated tsvector column, weighted title (A) > summary
(B) > body (C), with a GIN index; pg_trgm and a trigram GIN index for close
spellings. SQLite: an FTS5 table (porter stemming) kept in step with the
documents by triggers, and a vocabulary table for close spellings. Where
SQLite lacks FTS5, nothing is created and search falls back to plain
matching (and logs it).
"""

import logging

from django.db import OperationalError, migrations

logger = logging.getLogger("collabkb.search")

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE collabkb_searchdocument ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (
           setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
           setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
           setweight(to_tsvector('english', coalesce(body, '')), 'C')
       ) STORED""",
    "CREATE INDEX searchdocument_vector_idx ON collabkb_searchdocument USING gin (search_vector)",
    """CREATE INDEX searchdocument_trigram_idx ON collabkb_searchdocument
       USING gin ((title || ' ' || summary) gin_trgm_ops)""",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS searchdocument_trigram_idx",
    "DROP INDEX IF EXISTS searchdocument_vector_idx",
    "ALTER TABLE collabkb_searchdocument DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE collabkb_searchdocument_fts USING fts5(
           title, summary, body,
           content='collabkb_searchdocument', content_rowid='id',
           tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE collabkb_searchdocument_vocab
       USING fts5vocab(collabkb_searchdocument_fts, 'row')""",
    """CREATE TRIGGER collabkb_searchdocument_fts_insert
       AFTER INSERT ON collabkb_searchdocument BEGIN
           INSERT INTO collabkb_searchdocument_fts(rowid, title, summary, body)
           VALUES (new.id, new.title, new.summary, new.body);
       END""",
    """CREATE TRIGGER collabkb_searchdocument_fts_delete
       AFTER DELETE ON collabkb_searchdocument BEGIN
           INSERT INTO collabkb_searchdocument_fts(collabkb_searchdocument_fts, rowid, title, summary, body)
           VALUES ('delete', old.id, old.title, old.summary, old.body);
       END""",
    """CREATE TRIGGER collabkb_searchdocument_fts_update
       AFTER UPDATE ON collabkb_searchdocument BEGIN
           INSERT INTO collabkb_searchdocument_fts(collabkb_searchdocument_fts, rowid, title, summary, body)
           VALUES ('delete', old.id, old.title, old.summary, old.body);
           INSERT INTO collabkb_searchdocument_fts(rowid, title, summary, body)
           VALUES (new.id, new.title, new.summary, new.body);
       END""",
    # Documents already there (none on a new database).
    "INSERT INTO collabkb_searchdocument_fts(collabkb_searchdocument_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS collabkb_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS collabkb_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS collabkb_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS collabkb_searchdocument_vocab",
    "DROP TABLE IF EXISTS collabkb_searchdocument_fts",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        if schema_editor.connection.vendor == "sqlite" and statements is SQLITE_FORWARD:
            try:
                schema_editor.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
                schema_editor.execute("DROP TABLE temp.fts5_probe")
            except OperationalError:
                logger.warning(
                    "SQLite has no FTS5: search will fall back to plain matching."
                )
                return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("collabkb", "0002_search_documents")]

    operations = [
        migrations.RunPython(
            run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
