"""How to cite a record of CollabKB: a reference, BibTeX and CSL-JSON."""

import json

from django.conf import settings

from collabkb.kinds import registry

SITE_NAME = "CollabKB"


def _bibtex_text(text):
    """Text inside BibTeX braces: braces and backslashes would end or escape it."""
    return text.replace("\\", "").replace("{", "(").replace("}", ")")


def formats(record, url):
    """{"reference", "bibtex", "csl_json"} for ``record`` at ``url``."""
    kind = registry.for_model(type(record))
    updated = record.updated
    day = updated.date().isoformat()
    reference = (
        f"{SITE_NAME}. “{record.title}” ({kind.label.lower()}). "
        f"Last updated {updated.day} {updated:%B %Y}. {url}"
    )
    key = f"collabkb-{kind.key}-{record.slug}"
    bibtex = (
        f"@misc{{{key},\n"
        f"  title = {{{_bibtex_text(record.title)}}},\n"
        f"  howpublished = {{{SITE_NAME}, {kind.label.lower()}}},\n"
        f"  year = {{{updated.year}}},\n"
        f"  url = {{{url}}},\n"
        f"  note = {{Last updated {day}}}\n"
        "}"
    )
    csl = {
        "id": key,
        "type": "webpage",
        "title": record.title,
        "container-title": SITE_NAME,
        "genre": kind.label,
        "URL": url,
        "issued": {"date-parts": [[updated.year, updated.month, updated.day]]},
    }
    return {
        "reference": reference,
        "bibtex": bibtex,
        "csl_json": json.dumps(csl, ensure_ascii=False, indent=2),
        "licence": settings.CONTENT_LICENCE,
    }
