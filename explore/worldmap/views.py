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

from django.shortcuts import render

from cases.models import Participation
from collabkb import pagecache
from collabkb.links import reverse
from explore.worldmap.drawing import draw

DATA = Path(__file__).with_name("countries.json")
CROSSING_SHOWN = 30  # cross-border cases drawn and listed; each country's list has them all


@functools.cache
def atlas():
    return json.loads(DATA.read_text())


@pagecache.per_content_version
def _cases_by_country():
    rows = (
        Participation.objects.filter(case__status="published", organisation__status="published")
        .exclude(organisation__country="")
        .values_list("case__slug", "case__shown_title", "case__title_sort", "organisation__country")
        .distinct()
    )
    countries = defaultdict(dict)  # country -> {slug: title}
    per_case = defaultdict(set)
    titles = {}
    for slug, title, title_sort, country in rows:
        countries[country][slug] = title
        per_case[slug].add(country)
        titles[slug] = (title_sort, title)
    return countries, per_case, titles


def world_map(request):
    data = atlas()
    countries, per_case, titles = _cases_by_country()
    index = reverse("cases:index")
    places = []
    for name in sorted(countries):
        shape = data["countries"].get(name) or data["points"].get(name)
        places.append(
            {
                "name": name,
                "count": len(countries[name]),
                "url": f"{index}?{urlencode({'country': name})}",
                "shape": shape,
                "path": data["countries"].get(name, {}).get("d"),
            }
        )
    across = sorted((s for s in per_case if len(per_case[s]) > 1), key=lambda s: titles[s])
    more = max(0, len(across) - CROSSING_SHOWN)
    crossing = [
        {
            "slug": slug,
            "title": titles[slug][1],
            "url": reverse("cases:detail", args=[slug]),
            "countries": sorted(per_case[slug]),
            "pairs": list(combinations(sorted(per_case[slug]), 2)),
        }
        for slug in across[:CROSSING_SHOWN]
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
