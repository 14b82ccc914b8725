"""The about page: what CollabKB holds and how to read it."""

from django.conf import settings
from django.shortcuts import render

from collabkb.kinds import registry
from collabkb.models import Source

# The report's first message, as a record (its slug is fixed: plans show it).
CONTEXT = "fit-the-practices-to-your-context"


def about(request):
    practices = registry.get("practices").model.objects.published()
    return render(
        request,
        "about/about.html",
        {
            "sources": Source.objects.public().order_by("title"),
            "first_message": practices.filter(slug=CONTEXT).first(),
            "licence": settings.CONTENT_LICENCE,
            "corrections": settings.CORRECTIONS_ADDRESS,
        },
    )
