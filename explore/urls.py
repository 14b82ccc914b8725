"""The pages that span the record kinds: the planner, compare and the world map."""

from django.urls import path

from explore import compare
from explore.planner import views as planner
from explore.worldmap import views as worldmap

app_name = "explore"
urlpatterns = [
    # Included before cases/urls.py, whose detail page would take "map" for a slug.
    path("cases/map/", worldmap.world_map, name="world_map"),
    path("compare/", compare.compare, name="compare"),
    path("plan/", planner.plan, name="plan"),
]
