"""The search page."""

from django.db.models import Count
from django.shortcuts import render
from taggit.models import Tag

from collabkb.search.engine import FACETS, search

EXAMPLES = [
    "boundary spanner",
    "data sharing agreement",
    "budget",
    "role clarity",
    "trust",
]


def index(request):
    text = request.GET.get("q", "")
    selected = {facet: request.GET.get(facet, "").strip() for facet, _ in FACETS}
    results = search(
        text, {k: v for k, v in selected.items() if v}, request.GET.get("page")
    )
    context = {"results": results, "q": text[:500]}
    if results.query.is_empty:
        context["examples"] = EXAMPLES
        context["popular_tags"] = Tag.objects.annotate(
            n=Count("challenges_taggedchallenge_items", distinct=True)
            + Count("practices_taggedpractice_items", distinct=True)
        ).order_by("-n", "name")[:15]
    return render(request, "collabkb/search.html", context)
