"""Template helpers: Markdown, timestamps, links to places, query strings."""

from urllib.parse import urlsplit

from django import template
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from collabkb import links
from collabkb.kinds import registry
from collabkb.published import citelist, linklist
from collabkb.sources import parts
from collabkb.text import rendering, timestamps

register = template.Library()


@register.filter
def urlize_host(url):
    """The host of an address, as a reader recognises it: www.youtube.com."""
    return urlsplit(url).hostname or ""


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
def link(viewname, *args):
    """``{% url %}`` for the links every page repeats (menus, breadcrumbs,
    tags), reversed once per process (``collabkb.links``)."""
    return links.reverse(viewname, args)


@register.filter
def suggest_url(record):
    """The address of the form to suggest a correction to ``record``."""
    kind = registry.for_model(type(record))
    return links.reverse("corrections:suggest", (kind.name, record.slug))


@register.simple_tag
def listed_kinds():
    """The record kinds that have a list page, for menus (no query: the 500 page uses it)."""
    return [kind for kind in registry if kind.index_url]


@register.filter
def minutes(duration):
    """A timedelta as whole minutes (15), for the sign-in lockout page."""
    return int(duration.total_seconds() // 60)


class CaptureNode(template.Node):
    # Declared so that {% block %} tags inside are found by {% extends %}.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The output is already escaped by the template that made it.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: keep rendered output to use twice
    (a page's title in <title> and in its Open Graph tags)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without its query string: the one to share and index."""
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request else ""


@register.simple_tag(takes_context=True)
def cite_formats(context, record):
    """The ways to cite ``record``: a reference, BibTeX, CSL-JSON, and our licence."""
    from collabkb.text import cite

    return cite.formats(record, canonical_url(context))


@register.inclusion_tag("partials/citation_list.html", takes_context=True)
def citation_list(context, record):
    """A record's citations (see ``collabkb.published.citelist``)."""
    user = context.get("user")
    return citelist.record_citations(record, staff=bool(user and user.is_staff))


@register.inclusion_tag("partials/linked_list.html", takes_context=True)
def linked_list(context, linked, heading, id, intro="", brief=False):
    """A list of linked records, bounded (see ``collabkb.published.linklist``)."""
    request = context.get("request")
    params = request.GET if request else QueryDict()
    return linklist.linked_list(linked, heading, id, params, intro=intro, brief=brief)


@register.simple_tag
def place_records(records):
    """The records citing a place of a source (see ``collabkb.sources.parts``)."""
    return parts.place_records(records)


@register.simple_tag
def moment_records(records):
    """The records citing a moment, with their summaries (see ``collabkb.sources.parts``)."""
    return parts.moment_records(records)


@register.simple_tag(takes_context=True)
def timeline(context, source, places):
    """A video's moments (see ``collabkb.sources.parts``)."""
    staff = getattr(context.get("user"), "is_staff", False)
    return parts.timeline(source, places, staff)


@register.simple_tag
def quotations(citations):
    """Quotations, each with its anchor (see ``collabkb.sources.parts``)."""
    return parts.quotations(citations)


@register.simple_tag
def quotation(citation):
    """A quotation in a list item that holds its anchor (see ``collabkb.sources.parts``)."""
    return mark_safe(parts.quotation(citation, anchored=False))


@register.filter
def quotation_url(citation):
    """A quotation's permalink: its place shown whole, at the quotation."""
    return citelist.quotation_url(citation)
