from django.urls import path

from cases import compare, views
from cases.planner import views as planner
from cases.worldmap import views as worldmap

app_name = "cases"
urlpatterns = [
    path("cases/", views.index, name="index"),
    # Before the detail page, which would take "map" for a slug.
    path("cases/map/", worldmap.world_map, name="map"),
    path("cases/<slug:slug>/", views.detail, name="detail"),
    path("organisations/", views.organisations, name="organisations"),
    path("compare/", compare.compare, name="compare"),
    path("plan/", planner.plan, name="plan"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
]
