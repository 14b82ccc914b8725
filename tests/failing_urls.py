"""The site's URLconf plus a view that fails, to see where a server error goes."""

from django.urls import include, path


def fail(request):
    raise RuntimeError("a deliberate failure for the logging test")


urlpatterns = [path("fail/", fail), path("", include("collabkb.urls"))]
