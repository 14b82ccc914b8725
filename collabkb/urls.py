from django.contrib import admin
from django.urls import include, path

from collabkb import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("challenges/", include("challenges.urls")),
    path("practices/", include("practices.urls")),
    path("series/", include("practices.series_urls")),
    path("cases/", include("cases.urls")),
    path("organisations/", include("cases.organisation_urls")),
    path("sources/", include("collabkb.source_urls")),
    path("tags/", include("collabkb.tag_urls")),
    path("search/", include("collabkb.search_urls")),
]
