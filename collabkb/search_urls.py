from django.urls import path

from collabkb import search_views

app_name = "search"
urlpatterns = [path("", search_views.index, name="index")]
