from django.urls import path

from collabkb import tag_views

app_name = "tags"
urlpatterns = [
    path("", tag_views.index, name="index"),
    path("<str:slug>/", tag_views.detail, name="detail"),
]
