"""A plan's lines: where an item is cited, a ranked practice with what to do
and why it is there, and the Markdown's numbered references."""

from django import template
from django.utils.safestring import mark_safe

from collabkb.text.repeated import Partial
from explore.planner import why

register = template.Library()


@register.simple_tag
def cites(record, origin="", shown=3):
    """“Cited at 28:12 · OPSI webinar; Table 3 · Catalyst report and 2 more places”,
    each place once, linked at ``origin`` (“https://host”: a printed plan
    prints whole addresses).

    Kept on the record: the planner's records live as long as the content
    version, so a record's line is built once, not on every plan."""
    kept = getattr(record, "_cites_line", None)
    if kept is None or kept[0] != (shown, origin):
        kept = record._cites_line = ((shown, origin), _cites(record, origin, shown))
    return kept[1]


def _cites(record, origin, shown):
    """A plan has dozens of these lines: they are repeated partials,
    ``explore/_plan_cites.html`` holding a ``explore/_plan_cite.html`` a place."""
    places = list(dict.fromkeys((c.get_absolute_url(), str(c)) for c in record.citations.all()))
    if not places:
        return ""
    link = {
        later: Partial("explore/_plan_cite.html", ("url", "place"), later=later)
        for later in (False, True)
    }
    links = "".join(
        link[n > 0].fill(url=origin + url, place=place)
        for n, (url, place) in enumerate(places[:shown])
    )
    line = Partial("explore/_plan_cites.html", ("links",), more=max(0, len(places) - shown))
    return mark_safe(line.fill(links=mark_safe(links)))


@register.inclusion_tag("explore/_plan_practice.html")
def ranked_practice(ranked, plan, origin=""):
    """A plan's practice: its link, what to do, why it is there, where it is cited."""
    return {
        "ranked": ranked,
        "practice": ranked.practice,
        "origin": origin,
        "to_do": why.to_do(ranked.practice),
        "why": why.practice(ranked, plan),
    }


@register.simple_tag
def why_proposed(item, plan):
    """Why a challenge is proposed, as plain text (escaped where it is shown)."""
    return why.challenge(item, plan)


@register.simple_tag
def why_practice(ranked, plan):
    """Why a practice is in the plan, as plain text."""
    return why.practice(ranked, plan)


@register.simple_tag
def to_do(practice):
    """What a practice says to do, in a sentence, as plain text."""
    return why.to_do(practice)


@register.simple_tag(takes_context=True)
def refs(context, record):
    """“Cited at [1], [4].”: the Markdown's numbers of the places ``record``
    cites (``references``, an ``explore.planner.references.References``)."""
    numbers = context["references"].numbers(record)
    if not numbers:
        return ""
    return "Cited at " + ", ".join(f"[{n}]" for n in numbers) + "."
