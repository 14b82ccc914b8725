"""Template helpers: Markdown, timestamps, links to places, query strings."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from collabkb import rendering, timestamps
from collabkb.kinds import registry

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown written by curators, sanitised; images from elsewhere as links."""
    return mark_safe(rendering.render(text))


@register.filter
def timestamp(second):
    """27:33 or 1:19:57, as a person reads a moment of a video."""
    if second is None or second == "":
        return ""
    return timestamps.format_seconds(second)


@register.filter
def video_url(citation):
    return timestamps.video_url(citation.source.video_id, citation.second)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with some parameters changed (None removes)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = urlencode(sorted(params.items()))
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_set(context, param, value):
    """The current query string with ``param`` set to ``value`` (or removed)."""
    return query(context, **{param: value})


@register.simple_tag
def listed_kinds():
    """The record kinds that have a list page, for menus (no query: the 500 page uses it)."""
    return [kind for kind in registry if kind.index_url]


@register.simple_tag
def review_queue():
    """Records waiting for an editor, by kind, with links to them in the admin."""
    kinds = []
    for kind in registry:
        meta = kind.model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        count = kind.model.objects.filter(status="review").count()
        kinds.append((kind.label_plural, count, f"{url}?status__exact=review"))
    return {"total": sum(count for _, count, _ in kinds), "kinds": kinds}


@register.filter
def minutes(duration):
    """A timedelta as whole minutes (15), for the sign-in lockout page."""
    return int(duration.total_seconds() // 60)
