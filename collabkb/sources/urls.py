from django.urls import path, register_converter

from collabkb.sources import views
from collabkb.web.converters import SecondConverter

register_converter(SecondConverter, "second")

app_name = "sources"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/t/<second:second>/", views.moment, name="moment"),
]
