"""Write explore/worldmap/countries.json from Natural Earth boundaries.

    npm ci   # package.json pins world-atlas, the Natural Earth TopoJSON
    python manage.py make_world_map

Countries come from the 1:110m file; countries too small for it (Singapore,
Malta …) from the 1:50m file, as points at their centre. The output is
committed: the site draws the map without Node and without a tile server.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from explore.worldmap import geometry

# Natural Earth's short names, as our records write countries.
NAMES = {
    "United States of America": "United States",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Central African Rep.": "Central African Republic",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Falkland Is.": "Falkland Islands",
    "Fr. S. Antarctic Lands": "French Southern and Antarctic Lands",
    "N. Cyprus": "Northern Cyprus",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "Solomon Islands",
    "W. Sahara": "Western Sahara",
    "eSwatini": "Eswatini",
}
OUTPUT = Path(__file__).resolve().parents[2] / "worldmap" / "countries.json"
BACKGROUND = settings.BASE_DIR / "static" / "worldmap" / "world.svg"
ATLAS = settings.BASE_DIR / "node_modules" / "world-atlas"


def read(path):
    topology = json.loads(Path(path).read_text())
    arcs = geometry.decode_arcs(topology)
    for shape in topology["objects"]["countries"]["geometries"]:
        name = shape.get("properties", {}).get("name")
        rings = [
            piece
            for polygon in geometry.polygons(shape, arcs)
            for ring in polygon
            for piece in geometry.split_at_antimeridian(ring)
        ]
        if name and rings:
            yield NAMES.get(name, name), rings


def background(countries, source):
    """Every country as one grey shape on the projection's outline: the map's backdrop."""
    edge = [(-180, lat) for lat in range(-90, 91, 5)] + [(180, lat) for lat in range(90, -91, -5)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {geometry.WIDTH} '
        f'{geometry.HEIGHT}" width="{geometry.WIDTH}" height="{geometry.HEIGHT}">'
        f"<!-- {source} -->"
        f'<path fill="#7f9cb5" fill-opacity=".12" d="{geometry.path([edge])}"/>'
        '<path fill="#8d97a1" fill-opacity=".45" stroke="#ffffff" stroke-opacity=".6" '
        f'stroke-width=".5" d="{"".join(c["d"] for c in countries.values())}"/></svg>\n'
    )


class Command(BaseCommand):
    help = "Write the world map's country paths from Natural Earth (world-atlas) TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--atlas", default=str(ATLAS), help="The world-atlas folder.")
        parser.add_argument("--output", default=str(OUTPUT))
        parser.add_argument("--background", default=str(BACKGROUND))

    def handle(self, *args, **options):
        atlas = Path(options["atlas"])
        version = json.loads((atlas / "package.json").read_text())["version"]
        countries = {}
        for name, rings in read(atlas / "countries-110m.json"):
            x, y = geometry.centroid(rings)
            countries[name] = {"d": geometry.path(rings), "x": round(x, 1), "y": round(y, 1)}
        points = {}
        for name, rings in read(atlas / "countries-50m.json"):
            if name not in countries:
                x, y = geometry.centroid(rings)
                points[name] = {"x": round(x, 1), "y": round(y, 1)}
        data = {
            "source": (
                f"Natural Earth 1:110m and 1:50m countries (public domain), "
                f"as TopoJSON in world-atlas {version} (ISC licence, Mike Bostock); "
                "projected (Natural Earth I) by explore/worldmap/geometry.py"
            ),
            "width": geometry.WIDTH,
            "height": geometry.HEIGHT,
            "countries": dict(sorted(countries.items())),
            "points": dict(sorted(points.items())),
        }
        Path(options["output"]).write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":"), indent=0) + "\n"
        )
        Path(options["background"]).parent.mkdir(parents=True, exist_ok=True)
        Path(options["background"]).write_text(background(countries, data["source"]))
        self.stdout.write(
            f"Wrote {options['output']} and {options['background']}: "
            f"{len(countries)} countries, {len(points)} points."
        )
