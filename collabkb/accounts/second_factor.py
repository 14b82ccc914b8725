"""Who must confirm a sign-in with a second factor, and the middleware that asks for it.

With STAFF_2FA_REQUIRED on, editors and superusers must have a TOTP device
(django-otp) and have used it, or a recovery code, in this session. A
contributor is not forced, but one who has enrolled is asked too. Until then
every page but enrolment, verification and signing out sends them to
enrolment (no device yet) or verification.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from collabkb.curation.review import is_editor

# Whether the person had a device when they signed in, kept in the session:
# no query for devices on every request.
HAS_DEVICE = "has_second_factor"


def remember_devices(sender, request, user, **kwargs):
    request.session[HAS_DEVICE] = user_has_device(user)


def must_verify(request):
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(HAS_DEVICE):
        return True
    return settings.STAFF_2FA_REQUIRED and (user.is_superuser or is_editor(user))


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_verify(request) and not request.user.is_verified() and not self._open(request.path):
            name = "accounts:verify" if request.session.get(HAS_DEVICE) else "accounts:enrol"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path):
        open_pages = ("accounts:verify", "accounts:enrol", "accounts:qr", "admin:logout")
        return path in {reverse(name) for name in open_pages}
