"""Enrolling an authenticator, confirming a sign-in with it, and recovery codes."""

import io
from base64 import b32encode

import segno
from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, login, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from collabkb.accounts.second_factor import HAS_DEVICE

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label="Code",
        help_text="The six digits your authenticator app shows, or one recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _page(request, template, context):
    """An admin page of its own, without the admin's list of apps."""
    base = {**admin.site.each_context(request), "available_apps": []}
    return render(request, template, {**base, "is_nav_sidebar_enabled": False, **context})


def _next_page(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def _pending_device(user):
    """The authenticator being enrolled: made once, confirmed by its first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def _new_recovery_codes(user):
    """Replaces the person's recovery codes with new ones, returned once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@staff_member_required
def enrol(request):
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:verify")
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if verify_token(user, device.persistent_id, form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            login(request, device)
            request.session[HAS_DEVICE] = True
            codes = _new_recovery_codes(user)
            context = {"codes": codes, "first": True}
            return _page(request, "accounts/codes.html", context)
        form.add_error(
            "code", "That code is not right. Check your device's clock; try the next code."
        )
    context = {
        "form": form,
        "secret": b32encode(device.bin_key).decode(),
        "uri": device.config_url,
        "title": "Set up a second factor",
    }
    return _page(request, "accounts/enrol.html", context)


@never_cache
@staff_member_required
def qr(request):
    """The authenticator's setup address as a QR code (an SVG: no inline script or style)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        return HttpResponse(status=404)
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=4, light="#fff")
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@never_cache
@staff_member_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_page(request))
    devices = [d for d in devices_for_user(user) if isinstance(d, TOTPDevice | StaticDevice)]
    if not devices:
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        for device in devices:
            if verify_token(user, device.persistent_id, code):
                login(request, device)
                return redirect(_next_page(request))
        form.add_error("code", "That code is not right, or it has been used.")
    context = {"form": form, "next": _next_page(request), "title": "Confirm it is you"}
    return _page(request, "accounts/verify.html", context)


@never_cache
@staff_member_required
def recovery_codes(request):
    """New recovery codes, for a person who has confirmed this sign-in; shown once."""
    if not request.user.is_verified():
        return redirect("accounts:verify")
    if request.method == "POST":
        codes = _new_recovery_codes(request.user)
        return _page(request, "accounts/codes.html", {"codes": codes, "first": False})
    device = StaticDevice.objects.filter(user=request.user).first()
    left = device.token_set.count() if device else 0
    return _page(request, "accounts/recovery.html", {"left": left, "title": "Recovery codes"})
