"""The world map as SVG: the static world behind, the case countries and the
cross-border cases over it. Hidden from assistive technology and out of the
tab order: the page lists the same links."""

from collections import Counter

from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import mark_safe


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


def draw(data, places, crossing):
    width, height = data["width"], data["height"]
    parts = [
        f'<image href="{escape(static("worldmap/world.svg"))}" x="0" y="0" '
        f'width="{width}" height="{height}"/>'
    ]
    centre = {p["name"]: (p["shape"]["x"], p["shape"]["y"]) for p in places if p["shape"]}
    for place in places:
        if place["path"]:
            parts.append(
                f'<a href="{escape(place["url"])}" tabindex="-1"><path class="country" '
                f'd="{place["path"]}"><title>{escape(place["name"])}</title></path></a>'
            )
    seen = Counter()
    for case in crossing:
        for a, b in case["pairs"]:
            if a in centre and b in centre:
                nth = seen[(a, b)]
                seen[(a, b)] += 1
                parts.append(
                    f'<a href="{escape(case["url"])}" tabindex="-1"><path class="crossing" '
                    f'd="{_curve(centre[a], centre[b], nth)}"><title>{escape(case["title"])}: '
                    f"{escape(a)} – {escape(b)}</title></path></a>"
                )
    for place in places:
        if place["name"] in centre:
            x, y = centre[place["name"]]
            label = f"{place['name']}: {place['count']} case{'s' if place['count'] != 1 else ''}"
            parts.append(
                f'<a href="{escape(place["url"])}" tabindex="-1"><circle class="count" '
                f'cx="{x:g}" cy="{y:g}" r="9"/><text class="count" x="{x:g}" y="{y + 4:g}" '
                f'text-anchor="middle">{place["count"]}</text><title>{escape(label)}</title></a>'
            )
    return mark_safe(
        f'<svg class="world" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false">' + "".join(parts) + "</svg>"
    )
