"""sitemap.xml: the published records of every kind, the sources, the moments.

Django's sitemaps framework; one section per registered kind, so a new kind
is listed without a change here. Each section is one query.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from collabkb.kinds import registry
from collabkb.models import Citation, Source


class KindSitemap(Sitemap):
    changefreq = "monthly"

    def __init__(self, kind):
        self.kind = kind

    def items(self):
        return self.kind.model.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, record):
        return record.updated


class SourceSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Source.objects.public().order_by("slug")


class MomentSitemap(Sitemap):
    """Each public second of a video: ``(source slug, second)`` pairs."""

    changefreq = "yearly"

    def items(self):
        return list(
            Citation.objects.public()
            .filter(second__isnull=False)
            .values_list("source__slug", "second")
            .distinct()
            .order_by("source__slug", "second")
        )

    def location(self, item):
        return reverse("sources:moment", args=item)


class PageSitemap(Sitemap):
    """The home page and the indexes."""

    changefreq = "weekly"

    def items(self):
        names = ["home", *[kind.index_url for kind in registry if kind.index_url]]
        return [*names, "sources:index", "tags:index", "map"]

    def location(self, name):
        return reverse(name)


def sitemaps():
    sections = {"pages": PageSitemap(), "sources": SourceSitemap(), "moments": MomentSitemap()}
    for kind in registry:
        sections[kind.name] = KindSitemap(kind)
    return sections
