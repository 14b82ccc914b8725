"""The "Suggest a correction" form of a published record, and its thank-you page.

Both pages are the same for every reader (no token, nothing per reader), so
the page cache keeps them like any page, until the record changes. The form
is sent without a CSRF token (``csrf_exempt``): a reader has no account and no
session here, so a forged POST acts with no one's authority; what it could
borrow is the visitor's address, to spread one sender's suggestions over many
rate-limit counts, and a browser's POST from another site names that site in
its Origin header, which is refused. What is left (robots posting straight to
the address) meets the hidden field that only robots fill, and the limit per
address. docs/curation.md says why this is enough.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from collabkb import versions
from collabkb.corrections.forms import SuggestionForm
from collabkb.kinds import registry
from collabkb.models import Suggestion
from collabkb.web import ratelimit

NOT_HERE = "No published record is at this address."


def _published(kind_name, slug):
    """The kind and its published record ``slug``, or 404 (a draft's address
    included, for curators too: readers suggest corrections to what they read).
    The page shows the record's title and address only, so it depends on that
    record alone (``collabkb/versions.py``). One query."""
    try:
        kind = registry.get(kind_name)
    except KeyError:
        raise Http404(NOT_HERE) from None
    record = kind.model.objects.published().filter(slug=slug).first()
    if record is None:
        raise Http404(NOT_HERE)
    versions.page_complete()
    versions.depends_on(versions.tag(kind.model, record.pk))
    return kind, record


def _from_another_site(request):
    """Whether a browser sent this from another site's page: its Origin
    header names another origin. (A POST without one is not a browser's, or
    an old browser's: the trap and the limit still hold.)"""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


def _page(request, kind, record, form, status=200, refusal="", wait=0):
    response = render(
        request,
        "corrections/suggest.html",
        {
            "kind": kind,
            "record": record,
            "form": form,
            "refusal": refusal,
            "minutes": -(-wait // 60),
        },
        status=status,
    )
    if request.method == "POST":
        response["Cache-Control"] = "private, no-store"  # it holds what the reader typed
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _sent(kind, record):
    response = HttpResponseRedirect(reverse("corrections:sent", args=[kind.name, record.slug]))
    response.status_code = 303  # the thank-you page, read with a GET
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request, kind, slug):
    kind, record = _published(kind, slug)
    if request.method != "POST":
        return _page(request, kind, record, SuggestionForm())
    form = SuggestionForm(request.POST)
    if _from_another_site(request):
        return _page(request, kind, record, form, 403, refusal="elsewhere")
    if wait := ratelimit.suggestion_over_limit(request):
        return _page(request, kind, record, form, 429, refusal="too-many", wait=wait)
    if form.is_a_robot():
        return _sent(kind, record)  # thanked, and nothing kept
    if not form.is_valid():
        return _page(request, kind, record, form, 400)
    Suggestion.objects.create(
        page=record.get_absolute_url(),
        content_type=ContentType.objects.get_for_model(kind.model),
        object_id=record.pk,
        text=form.cleaned_data["text"],
        email=form.cleaned_data["email"],
    )
    return _sent(kind, record)


@require_safe
def sent(request, kind, slug):
    kind, record = _published(kind, slug)
    return render(request, "corrections/sent.html", {"kind": kind, "record": record})
