"""Search across the knowledge base.

``SearchDocument`` rows (one per published record or quotation) are kept in
step with the records by the application (signals; see ``index.py``). The
full-text index over those rows is kept in step by the database: on
PostgreSQL a stored, generated, weighted tsvector column with a GIN index; on
SQLite an FTS5 table maintained by triggers (see the 0002 migration).
"""
