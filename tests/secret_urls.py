"""The site's URLconf plus two pages a reader could be sent that carry a
secret: a form with a CSRF token, and a page that sets a cookie."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

FILLER = "<p>Words a reader came for, long enough to be worth compressing.</p>" * 20


def with_token(request):
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
    return HttpResponse(f"<!doctype html><form method=post>{token}</form>{FILLER}")


def with_cookie(request):
    response = HttpResponse(f"<!doctype html>{FILLER}")
    response.set_cookie("remembered", "a value of the reader's")
    return response


urlpatterns = [
    path("with-token/", with_token),
    path("with-cookie/", with_cookie),
    path("", include("collabkb.urls")),
]
