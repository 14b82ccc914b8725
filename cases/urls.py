from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.index, name="index"),
    path("cases/<slug:slug>/", views.detail, name="detail"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
]
