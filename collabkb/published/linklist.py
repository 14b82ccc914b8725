"""A record page's list of linked records ("Practices that address it").

It shows the first LINKS_SHOWN and a link to all of them (``?<id>=all``), so
a page stays the same size however many records link to it, and a reader
still reaches every one. The view reads as many as the list shows
(``shown``, through ``collabkb.published``); the markup is in
``partials/linked_list.html``, an item in ``linked_item.html`` and a place
stating its link in ``link_place.html`` (``collabkb.text.repeated``: a list
holds up to all of a record's links).
"""

from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from collabkb.text.repeated import Partial

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
        "items": _items(linked.nodes, brief),
        "heading": heading,
        "id": id,
        "intro": intro,
        "brief": brief,
        "all_url": _all_url(params, id) if more else "",
        "what": heading[:1].lower() + heading[1:],
    }


def _items(nodes, brief):
    """Each node as ``partials/linked_item.html`` prints it, with the places
    stating its link (``link_place.html``)."""
    item, place = {}, {}
    found = []
    for node in nodes:
        places = []
        for stated in node.stated_by:
            first = not places
            if first not in place:
                place[first] = Partial("partials/link_place.html", ("url", "label"), first=first)
            places.append(place[first].fill(url=stated.url, label=stated.label))
        flags = (node.basis, bool(places), bool(node.reason), bool(node.summary) and not brief)
        if flags not in item:
            names = ("basis", "has_places", "has_reason", "has_summary")
            fields = ("url", "title", "places", "reason", "summary")
            item[flags] = Partial(
                "partials/linked_item.html", fields, **dict(zip(names, flags, strict=True))
            )
        filled = item[flags].fill(
            url=node.url,
            title=node.title,
            places=mark_safe("".join(places)),
            reason=node.reason,
            summary=node.summary if flags[3] else "",
        )
        found.append(mark_safe(filled))
    return found
