"""The sitemap: an index (``/sitemap.xml``) of sections, each in pages of at
most ``SIZE`` addresses (``/sitemap-<section>.xml?p=2``), so no document
grows with the knowledge base but the index, by one line a page.

The sections: the home page and the indexes, the public sources, the public
moments of videos, and the published records of every kind (one section per
registered kind, so a new kind is listed without a change here). The index
counts each section (one query each); a section's page reads its slice of
plain values by slug. A citation is public if a published record uses it:
looked up for each citation (``collabkb.published.sources``, indexed), which
costs less than reading every published record's citations. Each address
is filled into a pattern reversed once (not a model instance and a resolver
walk per item), each ``<url>`` a ``collabkb.text.repeated.Partial`` of
``partials/sitemap_url.xml``.
"""

from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from collabkb.kinds import registry
from collabkb.links import address_of
from collabkb.models import Citation, Source
from collabkb.published.sources import public, public_sources
from collabkb.text.repeated import Partial

SIZE = 2_000  # addresses on one page of a section
_SLUG = "sitemap-slug"  # stands for a slug while an address is reversed
_SECOND = 86_399  # and for a second


@dataclass
class Section:
    name: str
    changefreq: str
    dated: bool  # each address has the day it last changed
    count: object  # () -> how many addresses
    rows: object  # (start, stop) -> [(path, day)]


def _pattern(address, *marks):
    """``address`` as a format string: each of ``marks`` replaced by a ``{}``."""
    pattern = address.replace("{", "{{").replace("}", "}}")
    for mark in marks:
        pattern = pattern.replace(str(mark), "{}", 1)
    return pattern


def _pages_section():
    names = ["home", *[kind.index_url for kind in registry if kind.index_url]]
    names += ["sources:index", "tags:index", "map", "about", "glossary"]
    pages = [(reverse(name), "") for name in names]
    return Section("pages", "weekly", False, lambda: len(pages), lambda a, b: pages[a:b])


def _sources_section():
    slugs = public_sources().order_by("slug").values_list("slug", flat=True)

    def rows(start, stop):
        address = address_of(Source)
        return [(address(slug), "") for slug in slugs[start:stop]]

    return Section("sources", "yearly", False, slugs.count, rows)


def _moments_section():
    """Each public second of a video."""
    seconds = (
        public(Citation.objects.filter(second__isnull=False))
        .values_list("source__slug", "second")
        .distinct()
        .order_by("source__slug", "second")
    )

    def rows(start, stop):
        pattern = _pattern(reverse("sources:moment", args=[_SLUG, _SECOND]), _SLUG, _SECOND)
        return [(pattern.format(slug, second), "") for slug, second in seconds[start:stop]]

    return Section("moments", "yearly", False, seconds.count, rows)


def _records_section(kind):
    """The published records of ``kind``, each with the day it last changed."""
    published = kind.model.objects.published().order_by("slug")

    def rows(start, stop):
        address = address_of(kind.model)
        if timezone.get_current_timezone_name() == "UTC":
            # The day of the stored time, read as text: the time is stored in
            # UTC (PostgreSQL writes it out in the connection's zone, UTC), so
            # its first ten characters are the day, with no datetime made per row.
            days = published.values_list("slug", Cast("updated", CharField()))[start:stop]
            return [(address(slug), updated[:10]) for slug, updated in days]
        zone = timezone.get_current_timezone()
        days = published.values_list("slug", "updated")[start:stop]
        return [(address(slug), day.astimezone(zone).date().isoformat()) for slug, day in days]

    return Section(kind.name, "monthly", True, published.count, rows)


def sections():
    """Every section, in order."""
    return [
        _pages_section(),
        _sources_section(),
        _moments_section(),
        *[_records_section(kind) for kind in registry],
    ]


def _xml(template, context):
    response = HttpResponse(render_to_string(template, context), content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def index(request):
    """The address of each page of each section that lists anything."""
    locations = []
    for section in sections():
        address = reverse("sitemap-section", args=[section.name])
        pages = -(-section.count() // SIZE)
        locations += [address, *(f"{address}?p={page}" for page in range(2, pages + 1))][:pages]
    site = f"{request.scheme}://{request.get_host()}"
    return _xml("collabkb/sitemap_index.xml", {"site": site, "locations": locations})


def section(request, name):
    """One page (``?p=``, 1 without it) of the section ``name``."""
    found = next((section for section in sections() if section.name == name), None)
    if found is None:
        raise Http404("No such section of the sitemap.")
    page = request.GET.get("p", "1")  # a whole number above 1, or none (web/params.py)
    page = int(page) if page.isdigit() and int(page) > 1 else 1
    rows = found.rows((page - 1) * SIZE, page * SIZE)
    if not rows:
        raise Http404(f"Page {page} of this section of the sitemap is empty.")
    url = Partial(
        "partials/sitemap_url.xml",
        ("path", "lastmod"),
        site=f"{request.scheme}://{request.get_host()}",  # escaped once, by the partial
        changefreq=found.changefreq,
        dated=found.dated,
    )
    urls = mark_safe("".join(url.fill(path=path, lastmod=lastmod) for path, lastmod in rows))
    return _xml("collabkb/sitemap.xml", {"urls": urls})
