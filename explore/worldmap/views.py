"""/cases/map/: the published cases by their participants' countries.

A country is drawn from Natural Earth (``countries.json``) and links to the
case list filtered to it (the list's ``country`` filter reads the same
participants' countries); a case whose participants come from several
countries is a line between each two of them, linking to the case. The
world behind is one static SVG served by the site: no request leaves it.
"""

import functools
import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.shortcuts import render

from cases.models import Case, CaseCountry
from collabkb.links import reverse
from explore.worldmap.drawing import draw
from explore.worldmap.names import atlas_name

DATA = Path(__file__).with_name("countries.json")
CROSSING_SHOWN = 30  # cross-border cases drawn and listed; each country's list has them all


@functools.cache
def atlas():
    return json.loads(DATA.read_text())


def _counts():
    """{country: the published cases with a published participant there}: one
    query over the stored countries of cases (cases/figures.py)."""
    rows = CaseCountry.objects.values("country").annotate(n=Count("case")).order_by()
    return {row["country"]: row["n"] for row in rows}


def _crossing():
    """The first CROSSING_SHOWN cross-border cases by title, with their
    countries, and how many more there are: two indexed queries."""
    across = Case.objects.published().filter(country_count__gt=1)
    across = across.annotate(total=Window(Count("pk"))).order_by(
        "title_sort", "shown_title", "slug"
    )
    shown = list(across.values_list("pk", "slug", "shown_title", "total")[:CROSSING_SHOWN])
    countries = defaultdict(list)
    rows = CaseCountry.objects.filter(case__in=[row[0] for row in shown]).order_by("country")
    for case_id, country in rows.values_list("case_id", "country"):
        countries[case_id].append(country)
    more = shown[0][3] - len(shown) if shown else 0
    return [(slug, title, countries[pk]) for pk, slug, title, _ in shown], more


def world_map(request):
    data = atlas()
    counts = _counts()
    index = reverse("cases:index")
    places = []
    for name in sorted(counts):
        drawn = atlas_name(name)
        shape = data["countries"].get(drawn) or data["points"].get(drawn)
        places.append(
            {
                "name": name,
                "count": counts[name],
                "url": f"{index}?{urlencode({'country': name})}",
                "shape": shape,
                "path": data["countries"].get(drawn, {}).get("d"),
            }
        )
    across, more = _crossing()
    crossing = [
        {
            "slug": slug,
            "title": title,
            "url": reverse("cases:detail", args=[slug]),
            "countries": countries,
            "pairs": list(combinations(countries, 2)),
        }
        for slug, title, countries in across
    ]
    return render(
        request,
        "explore/map.html",
        {
            "svg": draw(data, places, crossing),
            "places": places,
            "crossing": crossing,
            "more_crossing": more,
            "missing": [p["name"] for p in places if not p["shape"]],
            "source": data["source"],
        },
    )
