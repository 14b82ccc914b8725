from django.urls import path

from challenges import views

app_name = "challenges"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
]
