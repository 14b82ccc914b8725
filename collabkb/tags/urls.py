from django.urls import path, register_converter

from collabkb.converters import TagSlugConverter
from collabkb.tags import views

register_converter(TagSlugConverter, "tagslug")

app_name = "tags"
urlpatterns = [
    path("", views.index, name="index"),
    path("<tagslug:slug>/", views.detail, name="detail"),
]
