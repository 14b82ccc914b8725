"""A plan's lines: where an item is cited, and a ranked practice with its figures."""

from django import template

register = template.Library()


@register.inclusion_tag("cases/_plan_cites.html")
def cites(record, shown=3):
    """“Cited at 28:12 · OPSI webinar; Table 3 · Catalyst report and 2 more places”."""
    cited = list(record.citations.all())
    return {"cited": cited[:shown], "more": max(0, len(cited) - shown)}


@register.inclusion_tag("cases/_plan_practice.html")
def ranked_practice(ranked):
    """A plan's practice: its link, the figures of its score, where it is cited."""
    return {
        "practice": ranked.practice,
        "parts": ranked.parts,
        "also": ranked.also,
        "score": ranked.score,
    }
