"""The query parameters each public page reads, by URL name.

The page cache (collabkb/web/pagecache.py) keys a page by these parameters only,
and the view sees only these: before it runs, ``request.GET`` keeps just the
declared parameters, without empty values or repeats, in a fixed order. So an
unknown parameter (``?utm_source=``, ``?x=<random>``) neither makes a new
cache key nor changes the page, and a page that starts reading a parameter
without declaring it here finds it missing in its own tests.

A page not listed reads none. The admin is left as Django has it.
"""

from django.http import QueryDict
from django.urls import Resolver404, resolve

from collabkb.kinds import registry

LIST = ("sort", "page", "format")  # and the facets of the list's kind


def _list(url_name):
    kind = next(kind for kind in registry if kind.index_url == url_name)
    return (*LIST, *(facet.param for facet in kind.facets()))


def _search():
    from collabkb.search.engine import facets

    return ("q", "page", "exact", "format", *(param for param, _ in facets()))


def _map():
    return ("tag", "source", "basis", *(kind.map_facet[0] for kind in registry if kind.map_facet))


# Record pages: ?format=json, and "<list id>=all" to show a whole linked list
# (the ids of the linked_list tags in each kind's detail template).
PAGES = {
    "sitemap-section": ("p",),
    "map": _map,
    "search:index": _search,
    "challenges:detail": ("format", "addressed-by", "faced-by", "through-practices", "related"),
    "practices:detail": ("format", "addresses", "exemplified-by", "related"),
    "practices:series": ("page",),
    "cases:detail": ("format", "exemplifies", "faced", "related", "participants"),
    "cases:organisation": ("format", "cases"),
    "explore:compare": ("kind", "slug"),
    "explore:plan": ("format", "sector", "scope", "country", "stage", "challenge", "find", "basis"),
    "sources:detail": ("place", "page"),
    "tags:detail": ("kind", "page"),
}
# Parameters whose many spellings read the same: each value is written one
# way, or left out where it reads as the parameter's absence, so junk values
# of them make no new key. (Other values make their own page; such a page is
# rendered at most as often as the rate limit lets one address ask.)
ALL_LISTS = {  # the linked lists of record pages: "<list id>=all" shows one whole
    "addressed-by",
    "addresses",
    "cases",
    "exemplified-by",
    "exemplifies",
    "faced",
    "faced-by",
    "participants",
    "related",
    "through-practices",
}


def _page(value):
    # Django's get_page reads anything but a whole number above 1 as page 1.
    return str(int(value)) if value.isdigit() and int(value) > 1 else None


def _canonical(name, value):
    if name in ("page", "p"):
        return _page(value)
    if name == "exact":
        return "1"  # the search reads any value as "exact"
    if name in ALL_LISTS:
        return "all" if value == "all" else None  # "<list id>=all" shows a whole list
    return value


_read = {}


def declared(url_name):
    """The parameters the page named ``url_name`` reads."""
    if url_name not in _read:
        if url_name in PAGES:
            names = PAGES[url_name]
            _read[url_name] = frozenset(names() if callable(names) else names)
        elif any(kind.index_url == url_name for kind in registry):
            _read[url_name] = frozenset(_list(url_name))
        else:
            _read[url_name] = frozenset()
    return _read[url_name]


def url_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def normalised(query, url_name):
    """``query`` (a QueryDict) with only the parameters the page reads, sorted
    by name, each value once, empty values left out."""
    names = declared(url_name) if url_name else frozenset()
    kept = QueryDict(mutable=True)
    for name in sorted(names & query.keys()):
        canonical = (_canonical(name, value) for value in query.getlist(name) if value != "")
        values = [value for value in dict.fromkeys(canonical) if value is not None]
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    return kept
