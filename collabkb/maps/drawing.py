"""A selection of the graph as SVG: columns of linked boxes, laid out in Python.

The layout is deterministic (the same content gives the same drawing): each
kind is a column, its records are rows in the order ``select`` gives, and
each link is a curve from the right edge of one box to the left edge of the
other, solid where a source states it, dashed where it is our reading. Every
box is a link to its record. The drawing is hidden from assistive technology
and out of the tab order: the page gives the same links as a plain list.

Python computes the geometry (``layout``); the markup is in templates: the
drawing ``partials/map.svg`` with a box ``map_box.svg`` and a link
``map_link.svg``, the list ``partials/map_list.html`` with an item
``map_list_item.html``. Boxes, links and items are repeated as
``collabkb.text.repeated.Partial``s: a map holds up to some 270 boxes and their
links, and a template loop over them would cost more than the rest of the page.
"""

import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from collabkb.text.repeated import Partial

BOX_WIDTH = 250
GAP = 80
ROW = 30
BOX_HEIGHT = 24
TOP = 34
HEADING_BASELINE = 16
LABEL_INSET = 8  # from a box's left edge to its label
LABEL_BASELINE = 16  # from a box's top to its label's baseline
MOST_CHARACTERS = 34

BOX = ("url", "title", "label", "step", "x", "y", "label_x", "label_y")
ITEM = ("url", "title", "stated", "ours")


class _Variants(dict):
    """The Partials of one template for each value of its flags, each made
    when a drawing first needs it."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, flags):
        self[flags] = made = self.make(*flags) if isinstance(flags, tuple) else self.make(flags)
        return made


# "California Policy Lab step 3 — Connect the government partner …": a step of a series.
STEP = re.compile(r"^(?P<series>.+?) step (?P<number>\d+) — (?P<rest>.+)$")


def _short(title):
    return title if len(title) <= MOST_CHARACTERS else title[: MOST_CHARACTERS - 1].rstrip() + "…"


def _label(title):
    """A box's label: the title, cut to fit. A step of a series keeps what
    tells it from its neighbours, its number and its own words, behind the
    series' initials where its name is long ("CPL 3: Connect the govern…")."""
    step = STEP.match(title)
    if not step:
        return _short(title)
    series = step["series"]
    if len(series) > 8:
        series = "".join(word[0] for word in series.split() if word[:1].isupper()) or series[:8]
    return _short(f"{series} {step['number']}: {step['rest']}")


def draw(selection):
    """The selection as SVG (``partials/map.svg``), or "" when it is empty."""
    if selection.empty:
        return ""
    columns = selection.columns
    left = [index * (BOX_WIDTH + GAP) for index in range(len(columns))]
    where = {
        node.key: (x, TOP + row * ROW)
        for x, (_, nodes, _) in zip(left, columns, strict=True)
        for row, node in enumerate(nodes)
    }
    return render_to_string(
        "partials/map.svg",
        {
            "width": left[-1] + BOX_WIDTH,
            "height": TOP + max(len(nodes) for _, nodes, _ in columns) * ROW,
            "heading_y": HEADING_BASELINE,
            "headings": [
                {"x": x, "label": kind.label_plural, "hidden": hidden}
                for x, (kind, _, hidden) in zip(left, columns, strict=True)
            ],
            "links": _links(selection, where),
            "boxes": _boxes(selection, where),
        },
    )


def _links(selection, where):
    """Each link a curve from the right edge of one box to the left edge of the other."""
    line = _Variants(
        lambda near, stated: Partial("partials/map_link.svg", ("path",), near=near, stated=stated)
    )
    links = []
    for a, b in selection.links:
        (ax, ay), (bx, by) = where[a], where[b]
        if ax > bx:
            (ax, ay), (bx, by) = (bx, by), (ax, ay)
        x1, y1, x2, y2 = ax + BOX_WIDTH, ay + BOX_HEIGHT / 2, bx, by + BOX_HEIGHT / 2
        middle = (x1 + x2) / 2
        path = f"M{x1} {y1:g} C{middle:g} {y1:g} {middle:g} {y2:g} {x2} {y2:g}"
        near = selection.centre in (a, b)
        links.append(line[near, (a, b) in selection.stated].fill(path=path))
    return mark_safe("".join(links))


def _boxes(selection, where):
    box = _Variants(
        lambda current: Partial(
            "partials/map_box.svg", BOX, current=current, width=BOX_WIDTH, height=BOX_HEIGHT
        )
    )
    boxes = []
    for _, nodes, _ in selection.columns:
        for node in nodes:
            x, y = where[node.key]
            boxes.append(
                box[node.key == selection.centre].fill(
                    url=node.url,
                    title=node.title,
                    label=_label(node.title),
                    step=selection.steps.get(node.key, 0),
                    x=x,
                    y=y,
                    label_x=x + LABEL_INSET,
                    label_y=y + LABEL_BASELINE,
                )
            )
    return mark_safe("".join(boxes))


def as_list(selection):
    """The drawn records as plain links, column by column, in a disclosure;
    each with its drawn links to the records of the columns after its own,
    those a source states apart from those of our reading (each link once)."""
    far = selection.far
    item = _Variants(
        lambda place, stated, ours: Partial(
            "partials/map_list_item.html",
            ITEM,
            centre=place == "centre",
            far=place == "far",
            has_stated=stated,
            has_ours=ours,
        )
    )
    later = _links_onward(selection)

    def place(key):
        return "centre" if key == selection.centre else "far" if key in far else ""

    def filled(node):
        stated, ours = later.get(node.key, ([], []))
        chosen = item[place(node.key), bool(stated), bool(ours)]
        return chosen.fill(
            url=node.url, title=node.title, stated="; ".join(stated), ours="; ".join(ours)
        )

    columns = [
        {
            "label": kind.label_plural,
            "hidden": hidden,
            "items": mark_safe("".join(filled(node) for node in nodes)),
        }
        for kind, nodes, hidden in selection.columns
        if nodes
    ]
    return render_to_string(
        "partials/map_list.html", {"columns": columns, "centred": bool(selection.centre)}
    )


def _links_onward(selection):
    """{key: ([titles a source states its link to], [titles of our reading])}
    of the drawn links from each record to those of later columns."""
    column, titles = {}, {}
    for index, (_, nodes, _) in enumerate(selection.columns):
        for node in nodes:
            column[node.key], titles[node.key] = index, node.title
    found = {}
    for a, b in selection.links:
        if a not in column or b not in column:
            continue
        if column[a] > column[b]:
            a, b = b, a
        stated = (a, b) in selection.stated or (b, a) in selection.stated
        found.setdefault(a, ([], []))[0 if stated else 1].append(titles[b])
    return found
