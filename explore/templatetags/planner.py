"""``{% cites record %}``: where a plan's item is cited, in one line."""

from django import template
from django.utils.html import format_html, format_html_join

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
    cited = list(record.citations.all())
    if not cited:
        return ""
    links = format_html_join(
        "; ", '<a href="{}">{}</a>', ((c.get_absolute_url(), str(c)) for c in cited[:shown])
    )
    more = len(cited) - shown
    rest = f" and {more} more place{'s' if more != 1 else ''}" if more > 0 else ""
    return format_html('<span class="cites">Cited at {}{}</span>', links, rest)


def _count(n, noun):
    return f"{n} {noun}{'' if n == 1 else 's'}"


@register.simple_tag
def ranked_practice(ranked):
    """A plan's practice: its link, the figures of its score, where it is cited."""
    parts = ranked.parts
    figures = [
        f"{_count(parts['citations'], 'citation')} from {_count(parts['sources'], 'source')}"
    ]
    if parts["interview_quotations"]:
        figures.append(_count(parts["interview_quotations"], "interview quotation"))
    if parts["cases"]:
        figures.append(f"shown by {_count(parts['cases'], 'case')}")
    if ranked.also:
        figures.append("also addresses " + ", ".join(c.display_title.lower() for c in ranked.also))
    figures.append(f"score {ranked.score}")
    practice = ranked.practice
    return format_html(
        '<li>\n        <a href="{}">{}</a>\n        <span class="evidence">{}</span>\n'
        "        {}\n      </li>",
        practice.get_absolute_url(),
        practice.display_title,
        " · ".join(figures),
        cites(practice),
    )
