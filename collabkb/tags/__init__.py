"""Tag pages: every tag with its counts, and one tag\x27s records by kind."""
