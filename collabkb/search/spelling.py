"""Close spellings: a word nothing matches, replaced by the nearest word we have.

The vocabulary is every word of the documents' titles and summaries, read
once per content version (collabkb.versions) and kept in the cache. The
corrected words are searched like any other query, so the results are ranked
and highlighted as usual, and the page can say what it searched for.
"""

import difflib
import re
from dataclasses import dataclass

from django.core.cache import cache

from collabkb import versions
from collabkb.models.search import SearchDocument
from collabkb.search.query import STOP_WORDS, words_of

MIN_LENGTH = 4  # shorter words have too many close neighbours
CUTOFF = 0.8


@dataclass
class Correction:
    text: str  # the query with its misspelt words replaced
    words: list  # the replacing words, to mark on the page


def vocabulary():
    key = f"collabkb:search-vocabulary:{versions.content_version()}"
    words = cache.get(key)
    if words is None:
        found = set()
        for title, summary in SearchDocument.objects.values_list("title", "summary").iterator():
            found.update(words_of(f"{title} {summary}"))
        words = sorted(w for w in found if len(w) >= MIN_LENGTH and w not in STOP_WORDS)
        cache.set(key, words, 24 * 3600)
    return words


def correct(query):
    """A Correction of ``query``'s unknown words, or None if none can be corrected."""
    words = [w for w in query.words if len(w) >= MIN_LENGTH]
    if not words:
        return None
    known = vocabulary()
    present = set(known)
    text, replaced = query.text, []
    for word in dict.fromkeys(words):
        if word in present:
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
        if close:
            text = re.sub(rf"\b{re.escape(word)}\b", close[0], text, flags=re.IGNORECASE)
            replaced.append(close[0])
    return Correction(text, replaced) if replaced else None
