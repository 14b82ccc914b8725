from django.urls import path

from cases import compare, views
from cases.planner import views as planner

app_name = "cases"
urlpatterns = [
    path("cases/", views.index, name="index"),
    path("cases/<slug:slug>/", views.detail, name="detail"),
    path("organisations/", views.organisations, name="organisations"),
    path("compare/", compare.compare, name="compare"),
    path("plan/", planner.plan, name="plan"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
]
