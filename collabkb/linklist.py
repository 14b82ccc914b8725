"""A record page's list of linked records ("Practices that address it").

It shows the first LINKS_SHOWN and a link to all of them (``?<id>=all``), so
a page stays the same size however many records link to it, and a reader
still reaches every one. Built in Python with ``html.escape``, as
``citelist.py`` builds the citations: every record page shows three or four
of these lists.
"""

from html import escape

from django.utils.http import urlencode
from django.utils.safestring import mark_safe

LINKS_SHOWN = 20  # of any list on a record page, and of a cell of compare


def _all_url(params, id):
    params = params.copy()
    params[id] = "all"
    return f"?{urlencode(sorted(params.items()))}#{id}"


def linked_list(nodes, heading, id, params, intro="", brief=False):
    """``nodes`` (graph nodes) under ``heading``, the section's anchor ``id``;
    ``params`` are the request's query parameters (``<id>=all`` shows all);
    ``brief`` leaves out the summaries. Nothing when there are no nodes."""
    if not nodes:
        return ""
    shown = nodes if params.get(id) == "all" else nodes[:LINKS_SHOWN]
    items = []
    for node in shown:
        summary = f"<p>{escape(node.summary)}</p>" if node.summary and not brief else ""
        items.append(f'<li><a href="{escape(node.url)}">{escape(node.title)}</a>{summary}</li>')
    html = [
        f'<section class="links" aria-labelledby="{escape(id)}">',
        f'<h2 id="{escape(id)}">{escape(heading)}</h2>',
        f'<p class="muted">{escape(intro)}</p>' if intro else "",
        '<ul class="record-list">',
        *items,
        "</ul>",
    ]
    if len(shown) < len(nodes):
        what = escape(heading[:1].lower() + heading[1:])
        html.append(
            f'<p class="more"><a href="{escape(_all_url(params, id))}">'
            f"All {len(nodes)} {what}</a></p>"
        )
    html.append("</section>")
    return mark_safe("\n".join(part for part in html if part))
