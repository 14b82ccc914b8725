from django.db.models import F
from django.shortcuts import render

from collabkb.kinds import registry
from collabkb.models import Citation, Source


def _most_cited(model, n=5):
    """The ``n`` most cited published records: the stored figure, through an index."""
    return (
        model.objects.published()
        .annotate(n_citations=F("citation_count"))
        .order_by("-citation_count", "title_sort")[:n]
    )


def home(request):
    counts = []
    for kind in registry:
        counts.append((kind.label_plural, kind.model.objects.published().count(), kind.index_url))
        counts += kind.home_counts()
    counts.append(("Citations", Citation.objects.public().count(), "sources:index"))
    return render(
        request,
        "collabkb/home.html",
        {
            "counts": counts,
            "ways_in": [kind for kind in registry if kind.index_url],
            "most_cited": [(kind, _most_cited(kind.model)) for kind in registry if kind.on_home],
            "sources": Source.objects.public().with_public_counts().order_by("title"),
        },
    )
