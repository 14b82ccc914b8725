from django.db.models import Count
from django.shortcuts import render

from cases.models import Case, Organisation
from challenges.models import Challenge
from collabkb.models import Citation, Source
from practices.models import Practice


def _most_cited(model, n=5):
    return (
        model.objects.published()
        .annotate(n_citations=Count("citations"))
        .order_by("-n_citations", "title")[:n]
    )


def home(request):
    counts = [
        ("Challenges", Challenge.objects.published().count(), "challenges:index"),
        ("Practices", Practice.objects.published().count(), "practices:index"),
        ("Cases", Case.objects.published().count(), "cases:index"),
        ("Organisations", Organisation.objects.published().count(), ""),
        ("Citations", Citation.objects.count(), "sources:index"),
    ]
    return render(
        request,
        "collabkb/home.html",
        {
            "counts": counts,
            "challenges": _most_cited(Challenge),
            "practices": _most_cited(Practice),
            "sources": Source.objects.annotate(n_citations=Count("citations")).order_by("title"),
        },
    )
