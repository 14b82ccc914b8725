"""A plan's lines: where an item is cited, and a ranked practice with why it is there."""

from django import template
from django.utils.safestring import mark_safe

from collabkb.text.repeated import Partial
from explore.planner import why

register = template.Library()


@register.simple_tag
def cites(record, shown=3):
    """“Cited at 28:12 · OPSI webinar; Table 3 · Catalyst report and 2 more places”.

    Kept on the record: the planner's records live as long as the content
    version, so a record's line is built once, not on every plan."""
    kept = getattr(record, "_cites_line", None)
    if kept is None or kept[0] != shown:
        kept = record._cites_line = (shown, _cites(record, shown))
    return kept[1]


def _cites(record, shown):
    """A plan has dozens of these lines: they are repeated partials,
    ``explore/_plan_cites.html`` holding a ``explore/_plan_cite.html`` a place."""
    cited = list(record.citations.all())
    if not cited:
        return ""
    link = {
        later: Partial("explore/_plan_cite.html", ("url", "place"), later=later)
        for later in (False, True)
    }
    links = "".join(
        link[n > 0].fill(url=citation.get_absolute_url(), place=str(citation))
        for n, citation in enumerate(cited[:shown])
    )
    line = Partial("explore/_plan_cites.html", ("links",), more=max(0, len(cited) - shown))
    return mark_safe(line.fill(links=mark_safe(links)))


@register.inclusion_tag("explore/_plan_practice.html")
def ranked_practice(ranked, plan):
    """A plan's practice: its link, why it is there, where it is cited."""
    return {"ranked": ranked, "practice": ranked.practice, "why": why.practice(ranked, plan)}


@register.simple_tag
def why_proposed(item, plan):
    """Why a challenge is proposed, as plain text (escaped where it is shown)."""
    return why.challenge(item, plan)


@register.simple_tag
def why_practice(ranked, plan):
    """Why a practice is in the plan, as plain text."""
    return why.practice(ranked, plan)
