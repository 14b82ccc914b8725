from django.shortcuts import get_object_or_404, render

from challenges.models import Challenge


def detail(request, slug):
    challenge = get_object_or_404(
        Challenge.objects.published().prefetch_related("citations__source", "tags"),
        slug=slug,
    )
    return render(request, "challenges/detail.html", {"record": challenge})
