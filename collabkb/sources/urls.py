from django.urls import path

from collabkb.sources import views

app_name = "sources"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/t/<int:second>/", views.moment, name="moment"),
]
