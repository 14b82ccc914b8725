from django.urls import path

from collabkb import views

app_name = "sources"
urlpatterns = [
    path("<slug:slug>/", views.source_detail, name="detail"),
]
