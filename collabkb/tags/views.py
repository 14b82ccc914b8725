"""Tags: every tag with its count, and one tag's records by kind."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from collabkb.kinds import registry


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


def detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    groups = [
        (kind.label_plural, list(kind.model.objects.published().filter(tags=tag).order_by("title")))
        for kind in registry
    ]
    groups = [(label, records) for label, records in groups if records]
    if not groups:
        # A tag is public only through a published record that carries it.
        raise Http404("No published record has this tag.")
    return render(
        request,
        "collabkb/tag_detail.html",
        {
            "tag": tag,
            "groups": groups,
        },
    )
