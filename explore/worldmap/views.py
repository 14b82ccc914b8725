"""/cases/map/: the published cases by their participants' countries.

A country is drawn from Natural Earth (``countries.json``) and links to the
case list filtered to it (the list's ``country`` filter reads the same
participants' countries); international bodies, which have no country, are
one mark below the map, linking to the case list filtered to them. A
cross-border case (``cases.scope``) is a line between each two of its
countries and the international bodies' mark, linking to the case. The
world behind is one static SVG served by the site: no request leaves it.
"""

import functools
import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Window
from django.db.models.lookups import GreaterThan
from django.shortcuts import render

from cases import scope
from cases.models import SECTOR_BITS, Case, CaseCountry, Sector
from collabkb.links import reverse
from explore.worldmap.drawing import INTERNATIONAL, draw
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
    """The first CROSSING_SHOWN cross-border cases (``cases.scope``) by
    title, with their countries and whether an international body takes
    part; how many more there are, and how many cases an international body
    takes part in (all of them cross-border): two indexed queries."""
    bit = SECTOR_BITS[Sector.INTERNATIONAL]
    with_one = GreaterThan(F("sector_mask").bitand(bit), 0)
    across = Case.objects.published().filter(scope.across())
    across = across.annotate(
        total=Window(Count("pk")), international=Window(Count("pk", filter=Q(with_one)))
    ).order_by("title_sort", "shown_title", "slug")
    columns = ("pk", "slug", "shown_title", "sector_mask", "total", "international")
    shown = list(across.values_list(*columns)[:CROSSING_SHOWN])
    countries = defaultdict(list)
    rows = CaseCountry.objects.filter(case__in=[row[0] for row in shown]).order_by("country")
    for case_id, country in rows.values_list("case_id", "country"):
        countries[case_id].append(country)
    total, international = shown[0][-2:] if shown else (0, 0)
    found = [(slug, title, countries[pk], bool(mask & bit)) for pk, slug, title, mask, *_ in shown]
    return found, total - len(shown), international


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
    across, more, n_international = _crossing()
    international = {
        "count": n_international,
        "url": f"{index}?{urlencode({'sector': Sector.INTERNATIONAL})}",
    }
    crossing = [
        {
            "slug": slug,
            "title": title,
            "url": reverse("cases:detail", args=[slug]),
            "countries": countries,
            "international": with_one,
            "pairs": list(combinations([*countries, *([INTERNATIONAL] if with_one else [])], 2)),
        }
        for slug, title, countries, with_one in across
    ]
    return render(
        request,
        "explore/map.html",
        {
            "svg": draw(data, places, crossing, international),
            "places": places,
            "international": international,
            "crossing": crossing,
            "more_crossing": more,
            "crossing_url": f"{index}?{urlencode({'scope': scope.CROSS_BORDER})}",
            "missing": [p["name"] for p in places if not p["shape"]],
            "source": data["source"],
        },
    )
