from django.shortcuts import get_object_or_404, render

from cases.models import Case, Organisation


def detail(request, slug):
    case = get_object_or_404(
        Case.objects.published().prefetch_related("citations__source", "tags"),
        slug=slug,
    )
    return render(request, "cases/detail.html", {"record": case})


def organisation(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.published().prefetch_related("citations__source", "tags"),
        slug=slug,
    )
    return render(request, "cases/organisation.html", {"record": organisation})
