"""The search page."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from taggit.models import Tag

from collabkb.exchange import downloads
from collabkb.kinds import registry
from collabkb.search import highlight, spelling
from collabkb.search.engine import facets, search

DOWNLOAD_LIMIT = 1000
EXAMPLES = [
    "boundary spanner",
    "data sharing agreement",
    "budget",
    "role clarity",
    "trust",
]


def index(request):
    text = request.GET.get("q", "")
    selected = {facet: request.GET.get(facet, "").strip() for facet, _ in facets()}
    selected = {k: v for k, v in selected.items() if v}
    if kind := downloads.wanted(request):
        page = request.GET.get("page") if kind == "json" else 1
        results = search(text, selected, page, page_size=DOWNLOAD_LIMIT)
        return _download(request, results, kind)
    exact = bool(request.GET.get("exact"))
    results = search(text, selected, request.GET.get("page"), correct=not exact)
    context = {"results": results, "q": text[:500]}
    if results.query.is_empty:
        context["examples"] = EXAMPLES
        context["popular_tags"] = _popular_tags()
    elif results.corrected_from:
        context["corrected_html"] = highlight.mark(results.query.text, results.corrected_words)
    elif not results.total:
        context.update(_suggestions(results))
    return render(request, "collabkb/search.html", context)


def _suggestions(results):
    """What to try when nothing matched: another spelling, fewer words."""
    suggestion = spelling.correct(results.query)
    found = {}
    if suggestion:
        found["suggestion"] = suggestion
        found["suggestion_html"] = highlight.mark(suggestion.text, suggestion.words)
    if len(results.query.words) > 1:
        found["broader"] = results.query.words[:5]
    return found


def _popular_tags(n=15):
    """The tags of the most published records, of every kind, in one query."""
    uses = Value(0, output_field=IntegerField())
    for kind in registry:
        published = (
            kind.tagged.objects.filter(tag=OuterRef("pk"), content_object__status="published")
            .order_by()
            .values("tag")
            .annotate(n=Count("pk"))
            .values("n")
        )
        uses = uses + Coalesce(Subquery(published, output_field=IntegerField()), 0)
    return Tag.objects.annotate(n=uses).filter(n__gt=0).order_by("-n", "name")[:n]


def _download(request, results, kind):
    """The results in rank order: CSV the first 1,000, JSON by pages of 1,000."""
    rows = [
        {
            "rank": rank,
            "kind": hit.document.kind,
            "title": hit.document.heading,
            "url": request.build_absolute_uri(hit.document.url),
            "detail": hit.document.detail,
            "snippet": hit.passage,
        }
        for rank, hit in enumerate(results.hits, start=(results.page - 1) * DOWNLOAD_LIMIT + 1)
    ]
    name = downloads.filename("search", {"q": results.query.text, **results.selected})
    if kind == "csv":
        return downloads.csv_response(rows, name)
    return downloads.json_response(
        {
            "query": results.query.text,
            "searched_for_typed_words": not results.corrected_from,
            "filters": results.selected,
            **downloads.paging(request, results.total, results.page, results.pages),
            "results": rows,
        },
        name,
    )
