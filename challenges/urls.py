from django.urls import path

from challenges import views

app_name = "challenges"
urlpatterns = [
    path("challenges/", views.index, name="index"),
    path("challenges/<slug:slug>/", views.detail, name="detail"),
]
