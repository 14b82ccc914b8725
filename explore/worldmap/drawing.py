"""The world map as SVG: the static world behind, the case countries and the
cross-border cases over it. Hidden from assistive technology and out of the
tab order: the page lists the same links.

Python computes the geometry; the markup is ``templates/explore/_world.svg``."""

from collections import Counter

from django.template.loader import render_to_string

COUNT_RADIUS = 9
COUNT_BASELINE = 4  # from a count's centre to the baseline of its number


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


def draw(data, places, crossing):
    centre = {p["name"]: (p["shape"]["x"], p["shape"]["y"]) for p in places if p["shape"]}
    counts = []
    for place in places:
        if place["name"] in centre:
            x, y = centre[place["name"]]
            counts.append(
                {**place, "x": f"{x:g}", "y": f"{y:g}", "baseline": f"{y + COUNT_BASELINE:g}"}
            )
    return render_to_string(
        "explore/_world.svg",
        {
            "width": data["width"],
            "height": data["height"],
            "countries": [place for place in places if place["path"]],
            "curves": _curves(crossing, centre),
            "counts": counts,
            "radius": COUNT_RADIUS,
        },
    )
