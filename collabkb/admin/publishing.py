"""Publishing in the admin: the checks a record's form lists before the move,
and the question an unpublish asks when published records show the record."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse

from collabkb.admin import conflicts
from collabkb.curation import checks


def form_context(record):
    """What the change form shows of the checks, for an unpublished record;
    for a published one, the records of its own that are not public yet."""
    if record.is_published:
        return {"waiting": [(other, _change_url(other)) for other in checks.companions(record)]}
    return {
        "checked": True,
        "before_publishing": checks.before_publishing(record),
        "together": checks.companions(record),
    }


def _change_url(record):
    info = record._meta.app_label, record._meta.model_name
    return reverse("admin:{}_{}_change".format(*info), args=[record.pk])


def ask_one(model_admin, request, record, shown):
    """The question before unpublishing ``record``, which ``shown`` show;
    confirmed, it posts the move again with the comment typed."""
    back = _change_url(record)
    # As the record was when the move was asked for: the confirmed move is
    # refused like any other if someone saved it meanwhile.
    hidden = [
        ("comment", request.POST.get("comment", "")),
        (conflicts.LOADED, request.POST.get(conflicts.LOADED, "")),
    ]
    return _page(model_admin, request, [(record, shown)], hidden, request.path, back)


def ask_selected(model_admin, request, queryset):
    """The question before the bulk unpublish of ``queryset``, or None when
    it is answered already or no published record shows any of them."""
    if request.POST.get("confirmed") == "yes":
        return None
    asking = []
    for record in queryset:
        shown = checks.shown_by(record) if record.is_published else []
        if shown:
            asking.append((record, shown))
    if not asking:
        return None
    # Confirmed, the same action posts again with the same selection.
    hidden = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "confirmed")
        for value in request.POST.getlist(name)
    ]
    back = request.get_full_path()
    return _page(model_admin, request, asking, hidden, back, back)


def _page(model_admin, request, asking, hidden, form_url, back_url):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Unpublish? Published records show it",
        "asking": asking,
        "hidden": hidden,
        "form_url": form_url,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/collabkb/confirm_unpublish.html", context)


def together_said(transition):
    """The end of a move's message: the records moved with it, if any."""
    if not transition.together:
        return "."
    names = ", ".join(f"“{other}”" for other in transition.together)
    return f", and with it {names}."


def warn_after(model_admin, request, record, name):
    """After a submit: what still stands before publishing (a submit is not
    refused for it; an editor may help finish the record)."""
    if name != "submit":
        return
    reasons = checks.before_publishing(record)
    if reasons:
        model_admin.message_user(
            request,
            "Submitted; before it can be published: " + " ".join(reasons),
            messages.WARNING,
        )
