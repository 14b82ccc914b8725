from django.urls import path, register_converter

from collabkb.tags import views
from collabkb.web.converters import TagSlugConverter

register_converter(TagSlugConverter, "tagslug")

app_name = "tags"
urlpatterns = [
    path("", views.index, name="index"),
    path("<tagslug:slug>/", views.detail, name="detail"),
]
