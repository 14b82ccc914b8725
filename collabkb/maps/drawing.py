"""A selection of the graph as SVG: columns of linked boxes, laid out in Python.

The layout is deterministic (the same content gives the same drawing): each
kind is a column, its records are rows in the order ``select`` gives, and
each link is a curve from the right edge of one box to the left edge of the
other. Every box is a link to its record. The drawing is hidden from
assistive technology and out of the tab order: the page gives the same links
as a plain list.

Both are escaped with the standard library's ``html.escape`` (what Django's
``escape`` calls, without its lazy-string wrapper): a map holds up to some
270 boxes and their links, and ``format_html`` per box would cost more than
the rest of the page.
"""

from html import escape

from django.utils.safestring import mark_safe

BOX_WIDTH = 250
GAP = 80
ROW = 30
BOX_HEIGHT = 24
TOP = 34
MOST_CHARACTERS = 32


def _short(title):
    return title if len(title) <= MOST_CHARACTERS else title[: MOST_CHARACTERS - 1].rstrip() + "…"


def draw(selection):
    if selection.empty:
        return ""
    columns = selection.columns
    rows = max(len(nodes) for _, nodes, _ in columns)
    width = len(columns) * BOX_WIDTH + (len(columns) - 1) * GAP
    height = TOP + rows * ROW
    where = {}
    parts = []
    for index, (kind, nodes, hidden) in enumerate(columns):
        x = index * (BOX_WIDTH + GAP)
        heading = kind.label_plural + (f" (+{hidden} more)" if hidden else "")
        parts.append(f'<text class="map-heading" x="{x}" y="16">{escape(heading)}</text>')
        for row, node in enumerate(nodes):
            where[node.key] = (x, TOP + row * ROW)
    lines = []
    for a, b in selection.links:
        (ax, ay), (bx, by) = where[a], where[b]
        if ax > bx:
            (ax, ay), (bx, by) = (bx, by), (ax, ay)
        x1, y1, x2, y2 = ax + BOX_WIDTH, ay + BOX_HEIGHT / 2, bx, by + BOX_HEIGHT / 2
        middle = (x1 + x2) / 2
        near = " near" if selection.centre in (a, b) else ""
        lines.append(
            f'<path class="map-link{near}" d="M{x1} {y1:g} C{middle:g} {y1:g} '
            f'{middle:g} {y2:g} {x2} {y2:g}"/>'
        )
    boxes = []
    for _, nodes, _ in columns:
        for node in nodes:
            x, y = where[node.key]
            step = selection.steps.get(node.key, 0)
            current = " current" if node.key == selection.centre else ""
            boxes.append(
                f'<a href="{escape(node.url)}" tabindex="-1">'
                f'<rect class="map-node step-{step}{current}" x="{x}" y="{y}" '
                f'width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4"/>'
                f'<text class="map-label{current}" x="{x + 8}" y="{y + 16}">'
                f"{escape(_short(node.title))}</text>"
                f"<title>{escape(node.title)}</title></a>"
            )
    return mark_safe(
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" focusable="false">'
        + "".join(parts + lines + boxes)
        + "</svg>"
    )


def as_list(selection):
    """The drawn records as plain links, column by column, in a disclosure."""
    far = selection.far
    parts = []
    for kind, nodes, hidden in selection.columns:
        if not nodes:
            continue
        items = []
        for node in nodes:
            note = ""
            if node.key == selection.centre:
                note = ' <span class="muted">(this record)</span>'
            elif node.key in far:
                note = ' <span class="muted">(two steps out)</span>'
            items.append(f'<li><a href="{escape(node.url)}">{escape(node.title)}</a>{note}</li>')
        parts.append(f"<h3>{escape(kind.label_plural)}</h3>\n<ul>{''.join(items)}</ul>")
        if hidden:
            where = (
                "see the linked records above."
                if selection.centre
                else "filter the map to see them."
            )
            parts.append(f'<p class="muted">And {hidden} more: {where}</p>')
    return mark_safe(
        '<details class="map-list">\n  <summary>The same links as a list</summary>\n'
        + "\n".join(parts)
        + "\n</details>"
    )
