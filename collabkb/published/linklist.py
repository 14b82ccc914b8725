"""A record page's list of linked records ("Practices that address it").

It shows the first LINKS_SHOWN and a link to all of them (``?<id>=all``), so
a page stays the same size however many records link to it, and a reader
still reaches every one. The view reads as many as the list shows
(``shown``, through ``collabkb.published``); the markup is in
``partials/linked_list.html``.
"""

from django.utils.http import urlencode

LINKS_SHOWN = 20  # of any list on a record page, and of a cell of compare


def shown(params, id):
    """How many records the list ``id`` shows: all (None) when asked, else LINKS_SHOWN."""
    return None if params.get(id) == "all" else LINKS_SHOWN


def _all_url(params, id):
    params = params.copy()
    params[id] = "all"
    return f"?{urlencode(sorted(params.items()))}#{id}"


def linked_list(linked, heading, id, params, intro="", brief=False):
    """What ``partials/linked_list.html`` shows of ``linked`` (a
    ``published.nodes.Linked``) under ``heading``, the section's anchor
    ``id``; ``params`` are the request's query parameters; ``brief`` leaves
    out the summaries. Nothing shows when there are no records."""
    more = len(linked.nodes) < linked.count
    return {
        "list": linked,
        "heading": heading,
        "id": id,
        "intro": intro,
        "brief": brief,
        "all_url": _all_url(params, id) if more else "",
        "what": heading[:1].lower() + heading[1:],
    }
