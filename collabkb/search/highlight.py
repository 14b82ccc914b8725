"""Snippets with the matched words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

WINDOW = 32


def stem(word):
    """A crude stem, so that 'sharing' marks 'share' and 'spanners' 'spanner'."""
    for suffix in ("ations", "ation", "ings", "ing", "ers", "er", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def pattern(words):
    stems = sorted({stem(w.lower()) for w in words if w}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def snippet(texts, words):
    """The passage of the first text with a match, the matches in <mark>."""
    marker = pattern(words)
    for text in texts:
        if not text:
            continue
        tokens = text.split()
        if marker is None:
            return _render(tokens[:WINDOW], None, len(tokens) > WINDOW, False)
        for i, token in enumerate(tokens):
            if marker.search(token):
                start = max(0, i - WINDOW // 3)
                end = start + WINDOW
                return _render(tokens[start:end], marker, end < len(tokens), start > 0)
    first = next((t for t in texts if t), "")
    tokens = first.split()
    return _render(tokens[:WINDOW], marker, len(tokens) > WINDOW, False)


def _render(tokens, marker, more_after, more_before):
    text = " ".join(tokens)
    parts, last = [], 0
    if marker is not None:
        for match in marker.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    html = "".join(parts)
    return mark_safe(("… " if more_before else "") + html + (" …" if more_after else ""))


def mark(text, words):
    """The whole of ``text`` (a title) with the matched words marked."""
    return _render([text], pattern(words), False, False)
