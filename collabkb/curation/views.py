"""My notifications: each curator turns their own review e-mails on or off."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from collabkb.models import NotificationSetting


class NotificationForm(forms.ModelForm):
    class Meta:
        model = NotificationSetting
        fields = ["by_email"]


@never_cache
@staff_member_required
def my_notifications(request):
    """The signed-in person's own setting, and only theirs: there is no user in the URL."""
    setting = NotificationSetting.objects.filter(user=request.user).first()
    setting = setting or NotificationSetting(user=request.user)
    form = NotificationForm(request.POST if request.method == "POST" else None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.by_email:
            messages.success(request, "You will be e-mailed about reviews.")
        else:
            messages.success(request, "You will no longer be e-mailed about reviews.")
        return redirect("my_notifications")
    context = {
        **admin.site.each_context(request),
        "available_apps": [],
        "is_nav_sidebar_enabled": False,
        "title": "My notifications",
        "form": form,
        "address": request.user.email,
    }
    return render(request, "collabkb/my_notifications.html", context)
