from django.urls import path

from cases import views

app_name = "organisations"
urlpatterns = [
    path("<slug:slug>/", views.organisation, name="detail"),
]
