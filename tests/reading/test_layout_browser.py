"""How pages look at desktop and phone width: screenshots, the first screen, no
sideways scrolling (Playwright driving Debian's Chromium)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.reading.test_browser import PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
# Pages whose first result must be on a phone's first screen.
LISTS = {
    name: path
    for name, path in PAGE_TYPES.items()
    if name in ("challenges", "practices", "cases", "organisations", "search", "search, corrected")
}
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "var" / "screenshots"))


@pytest.fixture
def site(live_server):
    call_command("load_content", verbosity=0)
    return live_server.url


@pytest.fixture
def sized(chromium):
    contexts = []

    def open_at(size):
        width, height = SIZES[size]
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_no_page_scrolls_sideways_and_each_is_photographed(site, sized, size):
    page = sized(size)
    folder = SCREENSHOTS / size
    folder.mkdir(parents=True, exist_ok=True)
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        page.screenshot(path=str(folder / f"{name.replace(', ', '-').replace(' ', '-')}.png"))
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide[name] = overflow
    assert wide == {}, f"pages wider than the {size} screen (px too wide): {wide}"


def test_on_a_phone_the_first_result_is_on_the_first_screen(site, sized):
    page = sized("phone")
    below = {}
    for name, path in LISTS.items():
        page.goto(site + path)
        first = page.locator("ol.cards > li").first
        box = first.bounding_box()
        # The result's heading must be readable without scrolling.
        if box is None or box["y"] + 40 > SIZES["phone"][1]:
            below[name] = None if box is None else round(box["y"])
    assert below == {}, f"first result below the first screen (its top, px): {below}"


def test_on_a_phone_the_filters_fold_and_open_without_javascript(site, chromium):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/challenges/")
    link = page.get_by_role("link", name="Leadership / management", exact=False).first
    assert not link.is_visible()
    page.locator(".facets summary").click()
    assert link.is_visible()
    context.close()


def test_on_a_desktop_the_filters_are_open(site, sized):
    page = sized("desktop")
    page.goto(site + "/challenges/")
    assert page.get_by_role("link", name="Leadership / management", exact=False).first.is_visible()


def test_a_printed_record_keeps_the_addresses_of_its_citations(site, sized):
    page = sized("desktop")
    page.goto(site + "/challenges/role-clarity/")
    page.emulate_media(media="print")
    shown = page.evaluate(
        "() => getComputedStyle(document.querySelector('.citation a[href]'), '::after').content"
    )
    assert "/sources/" in shown
    assert not page.locator(".site-header nav").is_visible()


def test_dark_mode_follows_the_system(site, chromium):
    context = chromium.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site + "/challenges/role-clarity/")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.screenshot(path=str(SCREENSHOTS / "desktop" / "challenge-dark.png"))
    context.close()
    assert background == "rgb(18, 21, 24)"


# What a finger must be able to hit on a phone, on the pages that have it.
TARGETS = {
    "/plan/": ["button", ".plan-form label.choice"],
    "/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab": [
        "button",
        "select",
    ],
    "/map/": ["button", "select"],
    "/challenges/?dimension=leadership": [".card h2 a", ".facets li a", ".sorts a"],
    "/": [".record-list > li > a", ".site-header nav a", ".button"],
}


def test_on_a_phone_what_a_finger_hits_is_at_least_44_px_tall(site, sized):
    page = sized("phone")
    small = {}
    for path, selectors in TARGETS.items():
        page.goto(site + path)
        for selector in selectors:
            heights = page.locator(selector).evaluate_all(
                "els => els.filter(e => e.offsetParent !== null)"
                ".map(e => e.getBoundingClientRect().height)"
            )
            assert heights, f"nothing matches {selector} on {path}"
            if min(heights) < 44:
                small[f"{path} {selector}"] = round(min(heights), 1)
    assert small == {}, f"targets under 44 px tall on a phone (the smallest, px): {small}"


def test_on_a_phone_compare_scrolls_its_table_and_keeps_the_row_labels_in_view(site, sized):
    page = sized("phone")
    page.goto(site + "/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab")
    region = page.get_by_role("region", name="2 cases side by side")
    label = region.get_by_role("rowheader", name="Organisations")
    before = label.bounding_box()["x"]
    region.evaluate("el => { el.scrollLeft = 400; }")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")
    assert label.bounding_box()["x"] == before  # pinned while the records scroll
    cell = region.locator("tbody tr").first.locator("td").last
    assert cell.bounding_box()["x"] < SIZES["phone"][0]  # the second record is in reach
    # The page itself never scrolls sideways.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_on_a_phone_the_world_map_fits_the_screen(site, sized):
    page = sized("phone")
    page.goto(site + "/cases/map/")
    box = page.locator("svg.world").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES["phone"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/challenges/role-clarity/",
        "/cases/california-policy-lab/",
        "/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab",
    ],
)
def test_a_printed_page_carries_its_own_full_address(site, sized, path):
    page = sized("desktop")
    page.goto(site + path)
    address = page.locator(".print-address")
    assert not address.is_visible()  # on screen the address bar says it
    page.emulate_media(media="print")
    assert address.inner_text() == site + path
    assert not page.locator(".site-header nav").is_visible()
    if path.startswith("/compare/"):
        assert not page.locator(".compare-form").is_visible()
        assert page.locator("table.compare").is_visible()
