"""The published knowledge base, read one record (or one page) at a time.

Record pages (HTML and JSON), their neighbourhood drawings, source pages and
tag pages read here, by indexed queries bounded by what the page shows: a
record's links in both directions (``links``), its tags, series neighbours
and citations (``record``), the records two steps out (``neighbourhood``),
the cited places of a source (``sources``) and a tag's records (``tags``).
Nothing is kept between requests: the page cache (``collabkb.web.pagecache``) is
the only cache of what pages show.

Only published records are read as linked records, neighbours, citing
records or tagged records. The record a page is about is found with
``record.find``: published, or with drafts included for a curator (a
preview), and read the same way after that.
"""
