from django.urls import path

from collabkb.corrections import views

app_name = "corrections"
urlpatterns = [
    path("<slug:kind>/<slug:slug>/", views.suggest, name="suggest"),
    path("<slug:kind>/<slug:slug>/sent/", views.sent, name="sent"),
]
