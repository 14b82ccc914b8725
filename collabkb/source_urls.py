from django.urls import path

from collabkb import source_views

app_name = "sources"
urlpatterns = [
    path("", source_views.index, name="index"),
    path("<slug:slug>/", source_views.detail, name="detail"),
    path("<slug:slug>/t/<int:second>/", source_views.moment, name="moment"),
]
