from django.urls import path

from collabkb.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("enrol/qr.svg", views.qr, name="qr"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
