"""Passages of a result and the matched words marked in them."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from collabkb.search.word_forms import neighbours

WINDOW = 32


def stem(word):
    """A crude stem, so that 'sharing' marks 'share' and 'spanners' 'spanner'."""
    for suffix in ("ations", "ation", "ings", "ing", "ers", "er", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def pattern(words):
    """What marks ``words``, their other forms and the neighbours search adds."""
    words = [w.lower() for w in words if w]
    words += [n for w in words for n in neighbours(w)]
    stems = sorted({stem(w) for w in words}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def passage(texts, words):
    """Plain text: the part of the first text with a match, about WINDOW words
    around it, with "…" where it was cut (what a download carries)."""
    marker = pattern(words)
    for text in texts:
        if not text:
            continue
        tokens = text.split()
        if marker is None:
            break
        for i, token in enumerate(tokens):
            if marker.search(token):
                start = max(0, i - WINDOW // 3)
                return _cut(tokens, start)
    first = next((t for t in texts if t), "")
    return _cut(first.split(), 0)


def _cut(tokens, start):
    end = start + WINDOW
    text = " ".join(tokens[start:end])
    return ("… " if start > 0 else "") + text + (" …" if end < len(tokens) else "")


def mark(text, words):
    """``text`` as HTML, escaped, the matched words in <mark>."""
    marker = pattern(words)
    parts, last = [], 0
    if marker is not None:
        for match in marker.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
