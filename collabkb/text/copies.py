"""The copy check: a run of a source's words, as written, in text of ours.

Words are compared lower-cased, apostrophes dropped; what stands in quotation
marks (“…” or "…") or in a Markdown quote (a line starting with ``>``) is a
quotation and is not ours, so it is left out. The content test of the
shipped records and the checks before publishing both use it.
"""

import functools
import re
from pathlib import Path

QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|^>.*$", re.MULTILINE)
WORD = re.compile(r"[a-z0-9£$%]+")


def words(text):
    return WORD.findall(text.lower().replace("’", "").replace("'", ""))


def runs(found, length):
    """Every run of ``length`` consecutive words of the list ``found``."""
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def unquoted(text):
    """``text`` without its quotations (a mark stands for each, so no run spans one)."""
    return QUOTED.sub(" ¶ ", text)


def copied(text, source, length):
    """The first run of ``length`` words of ``text``, outside quotation marks,
    that is also in ``source`` (a set of runs), or ''."""
    found = sorted(runs(words(unquoted(text)), length) & source)
    return " ".join(found[0]) if found else ""


def runs_of_documents(folder, length):
    """The runs of ``length`` words of the text documents in ``folder`` (none
    if it is not there), read again when one of them changes."""
    folder = Path(folder)
    if not folder.is_dir():
        return frozenset()
    files = []
    for path in folder.iterdir():
        if path.suffix in (".txt", ".md") and path.name.lower() != "readme.md":
            try:
                files.append((path, path.stat().st_mtime))
            except OSError:
                continue  # a dangling link, a file gone meanwhile: not a document
    return _runs_of_files(tuple(sorted(files)), length)


@functools.lru_cache(maxsize=4)
def _runs_of_files(files, length):
    found = set()
    for path, _ in files:
        try:
            # A document not in UTF-8 is compared as far as it reads.
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found |= runs(words(text), length)
    return frozenset(found)
