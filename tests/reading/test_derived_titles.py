"""A series' name is part of its steps' shown titles: wherever a reader sees them."""

import csv
import io

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_renaming_a_series_renames_its_steps_in_lists_search_and_the_search_csv(client):
    series = f.make_series(title="Governance process", short_name="Policy Lab")
    f.make_practice(title="Step 1: Agree the questions", series=series, number=1)
    assert "Policy Lab step 1" in client.get("/practices/").text

    series.short_name = "RENAMED"
    series.save()

    assert "RENAMED step 1" in client.get("/practices/").text
    found = client.get("/search/", {"q": "agree questions"}).text
    assert "RENAMED step 1" in found and "Policy Lab step 1" not in found
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/search/", {"q": "agree questions", "format": "csv"})).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [row["title"] for row in rows] == ["RENAMED step 1 — Agree the questions"]
