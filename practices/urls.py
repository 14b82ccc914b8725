from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("practices/", views.index, name="index"),
    path("practices/<slug:slug>/", views.detail, name="detail"),
    path("series/", views.series_index, name="series_index"),
    path("series/<slug:slug>/", views.series, name="series"),
]
