from django.shortcuts import get_object_or_404, render

from cases.models import Case, Organisation
from challenges.models import Challenge
from collabkb.models import Citation, Source
from practices.models import Practice


def home(request):
    counts = [
        ("Challenges", Challenge.objects.published().count()),
        ("Practices", Practice.objects.published().count()),
        ("Cases", Case.objects.published().count()),
        ("Organisations", Organisation.objects.published().count()),
        ("Sources", Source.objects.count()),
        ("Citations", Citation.objects.count()),
    ]
    return render(request, "collabkb/home.html", {"counts": counts})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    citations = source.citations.order_by("second", "position", "key")
    return render(
        request,
        "collabkb/source_detail.html",
        {"source": source, "citations": citations},
    )
