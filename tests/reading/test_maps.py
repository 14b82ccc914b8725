"""The relationship map: every record's neighbourhood, and /map/."""

import re

import pytest

from cases.models import Case
from challenges.models import Challenge
from collabkb.maps import select
from collabkb.published import neighbourhood
from practices.models import Practice
from tests import factories as f
from tests.factories import grow_knowledge_base

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def drawing(text):
    """The SVG of a page, and the addresses its boxes link to."""
    svg = re.search(r"<svg class=\"map\".*?</svg>", text, re.S).group(0)
    return svg, re.findall(r'<a href="([^"]+)" tabindex="-1">', svg)


def test_a_challenge_page_draws_its_neighbourhood_two_steps_out(client):
    text = client.get("/challenges/role-clarity/").text
    svg, links = drawing(text)
    assert "/challenges/role-clarity/" in links  # itself, highlighted
    assert 'class="map-node step-0 current"' in svg
    assert "/practices/dont-forget-role-clarity/" in links  # addresses it
    assert "/cases/catalyst-project/" in links  # faced it
    # Two steps out: another challenge the lesson addresses.
    assert "/challenges/weak-personal-connections/" in links
    # The same links as a plain list, the far ones marked.
    listed = text[text.index('<details class="map-list">') :]
    assert 'href="/challenges/weak-personal-connections/">Weak personal connections</a> ' in listed
    assert "(two steps out)" in listed


def test_every_box_is_a_link_and_every_line_joins_two_boxes(client):
    svg, links = drawing(client.get("/cases/catalyst-project/").text)
    assert svg.count("<rect ") == len(links) == len(set(links))
    assert svg.count('class="map-link') > 0
    assert 'aria-hidden="true"' in svg  # the list gives the same links to assistive technology


def test_the_layout_is_the_same_every_time(client):
    first, _ = drawing(client.get("/practices/dont-forget-role-clarity/").text)
    Practice.objects.get(slug="designate-clear-roles").save()  # a write: a new content version
    second, _ = drawing(client.get("/practices/dont-forget-role-clarity/").text)
    assert first == second


def test_nothing_unpublished_is_drawn(client):
    challenge = Challenge.objects.get(slug="role-clarity")
    f.make_practice(
        title="Draft on roles", slug="draft-on-roles", status="draft", addresses=[challenge]
    )
    draft_case = f.make_case(title="Draft case", slug="draft-case", status="draft")
    draft_case.faced.add(challenge)
    _, links = drawing(client.get("/challenges/role-clarity/").text)
    assert "/practices/draft-on-roles/" not in links and "/cases/draft-case/" not in links
    whole = client.get("/map/").text
    assert "draft-on-roles" not in whole and "draft-case" not in whole


def test_a_new_link_shows_on_the_next_request(client):
    _, before = drawing(client.get("/challenges/risk-aversion/").text)
    assert "/practices/designate-clear-roles/" not in before
    Practice.objects.get(slug="designate-clear-roles").addresses.add(
        Challenge.objects.get(slug="risk-aversion")
    )
    _, after = drawing(client.get("/challenges/risk-aversion/").text)
    assert "/practices/designate-clear-roles/" in after


def test_a_filtered_map_shows_a_write_on_the_next_request(client, uncached):
    _, before = drawing(client.get("/map/?dimension=leadership").text)
    assert "/challenges/a-new-leadership-gap/" not in before
    assert drawing(client.get("/map/?dimension=leadership").text)[1] == before
    f.make_challenge(
        title="A new leadership gap", slug="a-new-leadership-gap", dimension="leadership"
    )
    _, after = drawing(client.get("/map/?dimension=leadership&tag=no-such-tag").text)
    assert "/challenges/a-new-leadership-gap/" in after


def test_the_whole_map_has_every_published_record_in_columns_up_to_its_limit(client):
    response = client.get("/map/")
    svg, links = drawing(response.text)
    practices = Practice.objects.published().count()
    # More published practices than a column shows: the rest are counted.
    assert practices > select.WHOLE_SHOWN
    expected = (
        Challenge.objects.published().count()
        + select.WHOLE_SHOWN
        + Case.objects.published().count()
    )
    assert len(links) == expected
    assert f"Practices (+{practices - select.WHOLE_SHOWN} more)" in svg
    headings = re.findall(r'<text class="map-heading" x="(\d+)" y="16">(\w+)', svg)
    assert [h[1] for h in headings] == ["Challenges", "Practices", "Cases"]
    assert [int(h[0]) for h in headings] == sorted(int(h[0]) for h in headings)


@pytest.mark.parametrize(
    "query, present, absent",
    [
        (
            "dimension=leadership",
            ["/challenges/role-clarity/", "/practices/dont-forget-role-clarity/"],
            ["/challenges/risk-aversion/"],
        ),
        (
            "kind=lesson",
            ["/practices/dont-forget-role-clarity/", "/cases/catalyst-project/"],
            ["/practices/proposition-1-mission/"],
        ),
        (
            "kind=prize-challenge",
            ["/cases/deep-space-food-challenge/", "/challenges/procedural-and-legal-barriers/"],
            ["/cases/catalyst-project/"],
        ),
        (
            "source=opsi-crossborder-collaboration-webinar",
            ["/practices/clearly-defining-roles-and-responsibilities/"],
            ["/practices/proposition-1-mission/"],
        ),
    ],
)
def test_filters_show_the_records_chosen_and_what_they_link_to(client, query, present, absent):
    _, links = drawing(client.get(f"/map/?{query}").text)
    for address in present:
        assert address in links, address
    for address in absent:
        assert address not in links, address


def test_filters_combine_and_unknown_ones_give_a_message(client):
    both = client.get("/map/?dimension=leadership&kind=lesson")
    assert both.status_code == 200
    # Nothing is both a leadership challenge and a lesson: no seed, no drawing.
    assert "<svg" not in both.text
    assert "No published record matches these filters." in both.text
    odd = client.get("/map/?dimension=moon&tag=no-such-tag&source=%00x")
    assert odd.status_code == 200
    messages = odd.context["messages"]
    assert "No dimension “moon”: that filter is left out." in messages
    assert "No tag “no-such-tag”: that filter is left out." in messages
    assert "No source “x”: that filter is left out." in messages


def test_a_neighbourhood_stays_bounded_at_ten_times_the_content(client):
    grow_knowledge_base(factor=9)
    record = Challenge.objects.get(slug="role-clarity")
    selection = select.neighbourhood("challenges", record.pk, neighbourhood.around(record))
    assert all(len(nodes) <= neighbourhood.NEIGHBOURS_SHOWN for _, nodes, _ in selection.columns)
    assert sum(hidden for _, _, hidden in selection.columns) > 0
    text = client.get("/challenges/role-clarity/").text
    assert "more)</text>" in text  # the column heading counts what is not drawn


def test_the_filter_form_keeps_what_was_chosen(client):
    text = client.get("/map/?dimension=leadership&tag=trust").text
    assert '<option value="leadership" selected>Leadership / management</option>' in text
    assert '<option value="trust" selected>trust</option>' in text
    assert '<optgroup label="Practices">' in text and '<optgroup label="Cases">' in text


def test_the_steps_of_a_series_are_told_apart_on_the_map(client):
    svg, _ = drawing(client.get("/map/").text)
    labels = re.findall(r'<text class="map-label[^"]*"[^>]*>([^<]+)</text>', svg)
    # Each box says which step it is and what the step is, not the series' long name cut short.
    steps = [label for label in labels if label.startswith("CPL ")]
    assert "CPL 3: Connect the government par…" in steps
    assert len(steps) == len(set(steps)) == 6
    assert not [label for label in labels if label.startswith("California Policy Lab step")]
    assert len(labels) == len(set(labels))


def _crossings(selection):
    """How many pairs of lines between the same two columns cross."""
    where = {
        node.key: (column, row)
        for column, (_, nodes, _) in enumerate(selection.columns)
        for row, node in enumerate(nodes)
    }
    lines = []
    for a, b in selection.links:
        lines.append(sorted((where[a], where[b])))
    return sum(
        1
        for i, ((c1, r1), (d1, s1)) in enumerate(lines)
        for (c2, r2), (d2, s2) in lines[i + 1 :]
        if (c1, d1) == (c2, d2) and (r1 - r2) * (s1 - s2) < 0
    )


def test_the_whole_map_orders_its_rows_so_that_fewer_lines_cross(client):
    """A sweep both ways (each column by its neighbours on either side): on
    the shipped content, fewer crossings than ordering each column only by
    the one before it (806 crossings then)."""
    assert _crossings(select.whole()) < 700
