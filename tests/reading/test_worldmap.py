"""The world map of cases at /cases/map/."""

import filecmp
import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from explore.worldmap import geometry
from explore.worldmap.views import atlas
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def test_each_country_links_to_its_cases_with_the_same_count(client):
    response = client.get("/cases/map/")
    assert response.status_code == 200
    places = response.context["places"]
    assert {"United Kingdom", "United States", "Singapore", "Canada"} <= {p["name"] for p in places}
    for place in places:
        listed = client.get(place["url"])
        assert listed.context["page"].paginator.count == place["count"], place["name"]
        assert f'href="{place["url"].replace("&", "&amp;")}"' in response.text


def test_cross_border_cases_are_curves_between_their_countries(client):
    response = client.get("/cases/map/")
    crossing = {case["slug"]: case for case in response.context["crossing"]}
    assert crossing["deep-space-food-challenge"]["countries"] == ["Canada", "United States"]
    assert len(crossing["global-innovation-collaborative"]["pairs"]) == 6  # four countries
    assert "catalyst-project" not in crossing  # all its participants are in one country
    svg = response.context["svg"]
    curves = re.findall(
        r'<a href="/cases/deep-space-food-challenge/" tabindex="-1"><path class="crossing"', svg
    )
    assert len(curves) == 1


def test_every_country_of_a_case_is_drawn_and_small_ones_are_points(client):
    response = client.get("/cases/map/")
    assert response.context["missing"] == []
    data = atlas()
    assert "Singapore" in data["points"] and "Singapore" not in data["countries"]
    # Singapore is a link at its point; a larger country is its own shape too.
    svg = response.context["svg"]
    assert svg.count('<path class="country"') == sum(
        1 for p in response.context["places"] if p["name"] in data["countries"]
    )
    assert svg.count('<circle class="count"') == len(response.context["places"])


def test_no_request_leaves_the_site(client):
    svg = client.get("/cases/map/").context["svg"]
    addresses = re.findall(r'href="([^"]+)"', svg)
    assert addresses and all(a.startswith("/") for a in addresses)
    assert "/static/worldmap/world.svg" in addresses


def test_unpublished_cases_and_countries_without_a_boundary(client):
    draft = f.make_case(title="Draft in Japan", status="draft")
    draft.organisations.add(f.make_organisation(country="Japan"))
    odd = f.make_case(title="Somewhere new")
    odd.organisations.add(f.make_organisation(country="Atlantis"))
    response = client.get("/cases/map/")
    names = [p["name"] for p in response.context["places"]]
    assert "Japan" not in names and "Draft in Japan" not in response.text
    assert response.context["missing"] == ["Atlantis"]
    assert "(not on the map: no boundary by that name)" in response.text


def test_the_projection_and_the_antimeridian():
    assert geometry.project(0, 0) == (geometry.WIDTH / 2, geometry.HEIGHT / 2)
    x, _ = geometry.project(180, 0)
    assert x == pytest.approx(geometry.WIDTH)
    pieces = geometry.split_at_antimeridian([(170, 60), (-170, 60), (-170, 70), (170, 70)])
    assert len(pieces) == 2
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _ in piece)
    x, y = atlas()["countries"]["United Kingdom"]["x"], atlas()["countries"]["United Kingdom"]["y"]
    west, north = geometry.project(-8, 59)
    east, south = geometry.project(2, 50)
    assert west < x < east and north < y < south


def test_the_committed_map_is_what_the_command_makes(tmp_path):
    atlas_folder = settings.BASE_DIR / "node_modules" / "world-atlas"
    if not atlas_folder.exists():
        message = f"{atlas_folder} not found: run `npm ci` (make test does) to check the map data"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    call_command(
        "make_world_map",
        output=str(tmp_path / "countries.json"),
        background=str(tmp_path / "world.svg"),
        stdout=open(os.devnull, "w"),
    )
    committed = settings.BASE_DIR / "explore" / "worldmap" / "countries.json"
    assert filecmp.cmp(tmp_path / "countries.json", committed, shallow=False)
    background = settings.BASE_DIR / "static" / "worldmap" / "world.svg"
    assert filecmp.cmp(tmp_path / "world.svg", background, shallow=False)


def test_at_ten_times_the_content_the_cross_border_list_is_bounded(client):
    from explore.worldmap.views import CROSSING_SHOWN
    from tests.factories import grow_knowledge_base

    grow_knowledge_base(factor=9)
    response = client.get("/cases/map/")
    assert len(response.context["crossing"]) == CROSSING_SHOWN
    assert response.context["more_crossing"] > 0
    assert f"And {response.context['more_crossing']} more" in response.text
