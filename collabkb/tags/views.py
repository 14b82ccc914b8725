"""Tags: every tag with its count, and one tag's records by kind."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from collabkb.kinds import registry
from collabkb.published.tags import tagged


def index(request):
    counts = {}
    for kind in registry:
        label = kind.label_plural
        rows = (
            kind.tagged.objects.filter(content_object__status="published")
            .values("tag_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["tag_id"], {})[label] = row["n"]
    tags = [
        {"tag": tag, "total": sum(counts[tag.pk].values()), "by_kind": counts[tag.pk]}
        for tag in Tag.objects.filter(pk__in=list(counts)).order_by("name")
    ]
    return render(request, "collabkb/tag_index.html", {"tags": tags})


PER_KIND = 20
PAGE_SIZE = 50


def detail(request, slug):
    """A tag's records: the first of each kind with a count and a link to all of them.

    ?kind=<name> shows one kind whole, page by page (for a kind with no list
    page of its own to filter by tag).
    """
    tag = get_object_or_404(Tag, slug=slug)
    only = request.GET.get("kind")
    groups = []
    for kind in registry:
        records = tagged(kind, tag)
        if only == kind.name:
            page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
            groups = [
                {
                    "kind": kind,
                    "records": page.object_list,
                    "count": page.paginator.count,
                    "page": page,
                }
            ]
            break
        count = records.count()
        if count:
            groups.append({"kind": kind, "records": list(records[:PER_KIND]), "count": count})
    if not any(group["count"] for group in groups):
        # A tag is public only through a published record that carries it.
        raise Http404("No published record has this tag.")
    return render(
        request,
        "collabkb/tag_detail.html",
        {"tag": tag, "groups": groups, "per_kind": PER_KIND, "only": only},
    )
