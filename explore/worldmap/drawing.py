"""The world map as SVG: the static world behind, the case countries, the
international bodies' mark below it and the cross-border cases over them.
Hidden from assistive technology and out of the tab order: the page lists
the same links.

Python computes the geometry; the markup is ``templates/explore/_world.svg``."""

from collections import Counter

from django.template.loader import render_to_string

COUNT_RADIUS = 9
COUNT_BASELINE = 4  # from a count's centre to the baseline of its number
# International bodies have no country: one mark of their own, in a band
# below the world, which the curves of their cases reach.
INTERNATIONAL = "International bodies"
BAND = 40  # the band's height
LABEL_GAP = 8  # from the mark's edge to its label


def _curve(a, b, nth):
    """A quadratic curve from a to b, bowed up; the nth line between the same
    two countries bows further, so each stays visible."""
    (ax, ay), (bx, by) = a, b
    mx, my = (ax + bx) / 2, (ay + by) / 2
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    lift = length * (0.18 + 0.08 * nth)
    # The normal of a→b that points up the page.
    nx, ny = (ay - by) / (length or 1), (bx - ax) / (length or 1)
    if ny > 0:
        nx, ny = -nx, -ny
    return f"M{ax:g} {ay:g} Q{mx + nx * lift:.1f} {my + ny * lift:.1f} {bx:g} {by:g}"


def _curves(crossing, centre):
    """A curve for each two countries of a cross-border case."""
    seen = Counter()
    curves = []
    for case in crossing:
        for a, b in case["pairs"]:
            if a in centre and b in centre:
                nth = seen[(a, b)]
                seen[(a, b)] += 1
                path = _curve(centre[a], centre[b], nth)
                curves.append(
                    {"url": case["url"], "title": case["title"], "a": a, "b": b, "path": path}
                )
    return curves


def draw(data, places, crossing, international):
    """The map's SVG; ``international`` the count and address of the cases
    with an international body, drawn as their mark when there are some."""
    centre = {p["name"]: (p["shape"]["x"], p["shape"]["y"]) for p in places if p["shape"]}
    counts = []
    for place in places:
        if place["name"] in centre:
            x, y = centre[place["name"]]
            counts.append(
                {**place, "x": f"{x:g}", "y": f"{y:g}", "baseline": f"{y + COUNT_BASELINE:g}"}
            )
    height, mark = data["height"], None
    if international["count"]:
        x, y = data["width"] / 2, data["height"] + BAND / 2
        centre[INTERNATIONAL] = (x, y)
        height += BAND
        r = COUNT_RADIUS + 2
        mark = {
            **international,
            "name": INTERNATIONAL,
            "x": f"{x:g}",
            "y": f"{y:g}",
            "baseline": f"{y + COUNT_BASELINE:g}",
            "label_x": f"{x + r + LABEL_GAP:g}",
            "points": f"{x:g},{y - r:g} {x + r:g},{y:g} {x:g},{y + r:g} {x - r:g},{y:g}",
        }
    return render_to_string(
        "explore/_world.svg",
        {
            "width": data["width"],
            "height": height,
            "map_height": data["height"],
            "countries": [place for place in places if place["path"]],
            "curves": _curves(crossing, centre),
            "counts": counts,
            "mark": mark,
            "radius": COUNT_RADIUS,
        },
    )
