from django.urls import path

from collabkb.tags import views

app_name = "tags"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:slug>/", views.detail, name="detail"),
]
