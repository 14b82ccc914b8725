from django.urls import path

from challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
]
