"""sitemap.xml: the home page and the indexes, the public sources, the public
moments of videos, and the published records of every kind (one section per
registered kind, so a new kind is listed without a change here).

The document Django's sitemaps framework printed, made at the cost of an
f-string per address: each section is one query of plain values, each
address is filled into a pattern reversed once (not a model instance and a
resolver walk per item), and each ``<url>`` is a ``collabkb.text.repeated.Partial``
of ``partials/sitemap_url.xml``. Its whole list is its purpose: it grows with
the knowledge base, as a download does.
"""

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
from collabkb.text.repeated import Partial

LIMIT = 50_000  # addresses a section may list on one page (?p=), as the protocol allows
_SLUG = "sitemap-slug"  # stands for a slug while an address is reversed
_SECOND = 86_399  # and for a second


def _pattern(address, *marks):
    """``address`` as a format string: each of ``marks`` replaced by a ``{}``."""
    pattern = address.replace("{", "{{").replace("}", "}}")
    for mark in marks:
        pattern = pattern.replace(str(mark), "{}", 1)
    return pattern


def _pages():
    names = ["home", *[kind.index_url for kind in registry if kind.index_url]]
    return [(reverse(name), "") for name in [*names, "sources:index", "tags:index", "map"]]


def _sources():
    address = address_of(Source)
    slugs = Source.objects.public().order_by("slug").values_list("slug", flat=True)
    return [(address(slug), "") for slug in slugs]


def _moments():
    """Each public second of a video."""
    pattern = _pattern(reverse("sources:moment", args=[_SLUG, _SECOND]), _SLUG, _SECOND)
    rows = (
        Citation.objects.public()
        .filter(second__isnull=False)
        .values_list("source__slug", "second")
        .distinct()
        .order_by("source__slug", "second")
    )
    return [(pattern.format(slug, second), "") for slug, second in rows]


def _records(kind):
    """The published records of ``kind``, each with the day it last changed."""
    address = address_of(kind.model)
    published = kind.model.objects.published().order_by("slug")
    if timezone.get_current_timezone_name() == "UTC":
        # The day of the stored time, read as text: the time is stored in UTC
        # (PostgreSQL writes it out in the connection's zone, UTC), so its
        # first ten characters are the day, with no datetime made per row.
        rows = published.values_list("slug", Cast("updated", CharField()))
        return [(address(slug), updated[:10]) for slug, updated in rows]
    zone = timezone.get_current_timezone()
    rows = published.values_list("slug", "updated")
    return [(address(slug), updated.astimezone(zone).date().isoformat()) for slug, updated in rows]


def sections():
    """Each section's (addresses, how often they change, whether each has a date), in order."""
    yield _pages(), "weekly", False
    yield _sources(), "yearly", False
    yield _moments(), "yearly", False
    for kind in registry:
        yield _records(kind), "monthly", True


def _page(request):
    """The page number ``?p=`` asks for (1 without it)."""
    try:
        page = int(request.GET.get("p", 1))
    except ValueError:
        raise Http404("No such page of the sitemap.") from None
    if page < 1:
        raise Http404("No such page of the sitemap.")
    return page


def sitemap(request):
    page = _page(request)
    site = f"{request.scheme}://{request.get_host()}"  # escaped once, by the partial
    urls = []
    for rows, changefreq, dated in sections():
        rows = rows[(page - 1) * LIMIT : page * LIMIT]
        if page > 1 and not rows:  # each section has that many pages, or none does
            raise Http404(f"Page {page} of the sitemap is empty.")
        url = Partial(
            "partials/sitemap_url.xml",
            ("path", "lastmod"),
            site=site,
            changefreq=changefreq,
            dated=dated,
        )
        urls += [url.fill(path=path, lastmod=lastmod) for path, lastmod in rows]
    text = render_to_string("collabkb/sitemap.xml", {"urls": mark_safe("".join(urls))})
    response = HttpResponse(text, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
