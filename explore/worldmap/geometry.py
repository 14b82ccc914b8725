"""TopoJSON to projected SVG paths (Natural Earth I projection), in plain Python."""

import math
from itertools import pairwise

WIDTH = 960
# The projection's extent: x = ±π × 0.8707 at the equator; y at the poles.
_X_MAX = math.pi * 0.8707
_Y_MAX = (math.pi / 2) * (
    1.007226
    + (math.pi / 2) ** 2
    * (
        0.015085
        + (math.pi / 2) ** 4
        * (-0.044475 + 0.028874 * (math.pi / 2) ** 2 - 0.005916 * (math.pi / 2) ** 4)
    )
)
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round(2 * _Y_MAX * SCALE)


def project(longitude, latitude):
    """(x, y) in the SVG's pixels for a point in degrees (d3's geoNaturalEarth1)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return WIDTH / 2 + x * SCALE, HEIGHT / 2 - y * SCALE


def decode_arcs(topology):
    """The topology's arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """A closed ring from arc indexes (a negative index is the arc reversed)."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry, arcs):
    """A country's polygons, each a list of rings of (longitude, latitude)."""
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def split_at_antimeridian(points):
    """A ring that crosses ±180° as one or two rings that stop at the edge."""
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        unwrapped.append((lon, lat))
    low, high = min(p[0] for p in unwrapped), max(p[0] for p in unwrapped)
    if low >= -180 and high <= 180:
        return [points]
    pieces = []
    for shift in (0, 360, -360):
        moved = [(lon + shift, lat) for lon, lat in unwrapped]
        if any(-180 <= lon <= 180 for lon, _ in moved):
            pieces.append([(min(180, max(-180, lon)), lat) for lon, lat in moved])
    return pieces


def path(rings, precision=1):
    """SVG path data for projected rings, with relative moves to stay short."""
    parts = []
    for points in rings:
        projected = [project(lon, lat) for lon, lat in points]
        rounded = [(round(x, precision), round(y, precision)) for x, y in projected]
        deduplicated = [rounded[0]] + [p for a, p in pairwise(rounded) if p != a]
        if len(deduplicated) < 3:
            continue
        x0, y0 = deduplicated[0]
        steps = [f"M{x0:g} {y0:g}"]
        for (ax, ay), (bx, by) in pairwise(deduplicated):
            steps.append(f"l{round(bx - ax, precision):g} {round(by - ay, precision):g}")
        parts.append("".join(steps) + "z")
    return "".join(parts)


def centroid(rings):
    """The projected centre of the largest ring (mainland, not overseas territory)."""
    best, best_area = None, -1.0
    for points in rings:
        projected = [project(lon, lat) for lon, lat in points]
        area = cx = cy = 0.0
        for (ax, ay), (bx, by) in zip(projected, projected[1:] + projected[:1], strict=True):
            cross = ax * by - bx * ay
            area += cross
            cx += (ax + bx) * cross
            cy += (ay + by) * cross
        if abs(area) > best_area and area:
            best_area = abs(area)
            best = (cx / (3 * area), cy / (3 * area))
    return best
