from django.urls import path

from practices import views

app_name = "series"
urlpatterns = [
    path("<slug:slug>/", views.series, name="detail"),
]
