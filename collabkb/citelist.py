"""A record's citations as its page lists them: "Where the sources say so".

Built in Python with the standard library's ``html.escape`` (what Django's
``escape`` calls), as ``maps/drawing.py`` and ``options.py`` build theirs:
every record page shows this list, and as a template loop its variable
lookups cost more than the rest of the page's content. A record's list is
made once per content version (``record_citations``), as its neighbourhood
drawing is: its query and its building were a third of a record page.
"""

from html import escape

from django.utils.safestring import mark_safe

from collabkb import pagecache, timestamps, versions
from collabkb.records import citations_of

MOST_KEPT = 500  # lists kept per process, as the neighbourhood drawings are
_kept = pagecache.kept_per_content_version(MOST_KEPT)  # (model, pk, staff) -> list


def _place(citation, staff):
    source = citation.source
    source_link = (
        f'<a href="{escape(source.get_absolute_url())}" title="{escape(source.title)}">'
        f"{escape(source.name)}</a>"
    )
    place = escape(citation.get_absolute_url())
    if not citation.is_video:
        return f'<a href="{place}">{escape(citation.locator)}</a> · {source_link}'
    moment = timestamps.format_seconds(citation.second)
    curator = ""
    if staff:
        label = escape(citation.timestamp_label)
        curator = f' <span class="raw curator-only">(notes label {label})</span>'
        if citation.needs_review:
            curator += ' <span class="review curator-only">reading to be confirmed</span>'
    video = timestamps.video_url(source.video_id, citation.second)
    return (
        f'<a href="{place}">{moment}</a>{curator}'
        f" · {source_link}"
        f' · <a href="{escape(video)}" rel="noopener">watch from {moment}'
        '<span class="visually-hidden"> on YouTube</span></a>'
    )


def quotation_url(citation):
    """A quotation's permalink: its place shown whole, at the quotation."""
    return f"{citation.get_place_url()}#q-{citation.key}"


def quotation(citation, anchored=False):
    """The quotation of ``citation`` as a figure; ``anchored`` gives it the
    quotation's anchor (where no list item around it has it)."""
    said = ""
    if citation.speaker_role:
        said = escape(citation.get_speaker_role_display())
        if citation.concept:
            said += f", concept “{escape(citation.concept)}”"
        said += " · "
    permalink = quotation_url(citation)
    anchor = f' id="q-{escape(citation.key)}"' if anchored else ""
    return (
        f'<figure class="quote"{anchor}>'
        f"<blockquote><p>{escape(citation.quotation)}</p></blockquote>"
        f'<figcaption>{said}<a class="permalink" href="{escape(permalink)}">'
        "Link to this quotation</a></figcaption></figure>"
    )


def citation_list(citations, staff=False):
    """The list, or a line saying there is none; curators also see the notes'
    raw timestamp labels and which readings are to be confirmed."""
    items = []
    for citation in citations:
        anchor = f' id="q-{escape(citation.key)}"' if citation.quotation else ""
        quoted = quotation(citation) if citation.quotation else ""
        items.append(
            f'<li class="citation"{anchor}><p class="place">{_place(citation, staff)}</p>'
            f"{quoted}</li>"
        )
    if not items:
        return mark_safe("<p>No citation yet.</p>")
    return mark_safe('<ol class="citations">\n' + "\n".join(items) + "\n</ol>")


def record_citations(record, staff=False):
    """``record``'s list: read (one query) and built once per record, reader
    or curator, and content version; a write anywhere makes it again."""
    versions.depends_on(versions.tag(type(record), record.pk))
    key = (record._meta.label, record.pk, staff)
    return _kept(key, lambda: citation_list(citations_of(record), staff))
