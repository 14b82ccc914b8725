"""Neighbouring word forms that the databases' stemmers keep apart.

Both databases stem (SQLite FTS5's porter tokenizer, PostgreSQL's English
configuration), so "partnership" meets "partnerships" and "sharing" meets
"shared". They keep a doer apart from the doing: "spanners" stems to
"spanner", "spanning" to "span"; "funders" and "funding" likewise. Search
adds the other form to each word, the same on every database: a word ending
in -er(s) brings its -ing form, a word ending in -ing(s) or -ed its -er form
("spanners" → "spanning", "spanning" → "spanner", "funded" → "funder").
A form no text has matches nothing; a base shorter than four letters is left
alone ("users" does not bring "using").
"""

MIN_BASE = 4
DOER = ("ers", "er")
DOING = ("ings", "ing", "ed")


def neighbours(word):
    """The other forms of ``word`` (lower case) that search also matches."""
    for suffixes, other in ((DOER, "ing"), (DOING, "er")):
        for suffix in suffixes:
            base = word[: -len(suffix)]
            if word.endswith(suffix) and len(base) >= MIN_BASE:
                return [base + other]
    return []


MAX_VARIANTS = 8  # ways of writing one phrase, at most


def variants(words):
    """The ways of writing ``words`` (a term or a phrase) that search matches:
    as typed first, then with neighbours in place of its words."""
    found = [[]]
    for word in words:
        found = [v + [w] for v in found for w in [word, *neighbours(word)]][:MAX_VARIANTS]
    return found
