"""A practitioner in a real browser (Playwright driving Debian's Chromium)."""

import json
import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.content import REPORT_SLUG, VIDEO_SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def site(live_server):
    call_command("load_content", verbosity=0)
    return live_server.url


def test_a_practitioner_goes_from_a_challenge_to_the_place_in_the_source(site, page):
    page.goto(site + "/")
    mentioned = page.locator("section", has=page.locator("#mentioned-challenges"))
    mentioned.get_by_role("link", name="Role clarity", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Role clarity"

    addressed = page.locator("#addressed-by").locator("..")
    addressed.get_by_role("link", name="Lesson #2: Don’t forget role clarity").click()
    assert "Lesson #2" in page.get_by_role("heading", level=1).inner_text()

    page.go_back()  # the report draws Lesson #2 from where the project fell short
    page.locator("section.links", has=page.locator("#faced-by")).get_by_role(
        "link", name="Catalyst Project"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Catalyst Project"

    page.locator(".citation").get_by_role("link", name="Executive summary", exact=True).click()
    page.wait_for_url(f"**/sources/{REPORT_SLUG}/#executive-summary")
    target = page.locator("#executive-summary")
    expect(target).to_be_visible()
    expect(target.get_by_role("link", name="Catalyst Project")).to_have_count(1)


def test_a_practitioner_opens_a_video_moment_from_a_practice(site, page):
    page.goto(site + "/practices/clearly-defining-roles-and-responsibilities/")
    page.get_by_role("link", name="28:12", exact=True).click()
    assert page.url.endswith(f"/sources/{VIDEO_SLUG}/t/1692/")
    assert page.get_by_role("heading", level=1).inner_text() == "28:12"
    watch = page.get_by_role("link", name="Watch the video from 28:12 on YouTube")
    assert watch.get_attribute("href") == "https://www.youtube.com/watch?v=nGjuo-7sUXM&t=1692s"
    page.get_by_role("link", name="Next moment: 28:16").click()
    assert page.url.endswith("/t/1696/")


def test_a_practitioner_filters_the_challenges(site, page):
    page.goto(site + "/challenges/")
    filters = page.get_by_role("complementary", name="Filter")
    filters.get_by_role("link", name="Leadership / management 5").click()
    # A click returns once the next page has begun to load: the checks that
    # follow a click wait for what they look for (expect, wait_for_url).
    page.wait_for_url("**dimension=leadership**")
    expect(page.locator(".card")).to_have_count(5)
    page.get_by_role("link", name="interview mentions").click()
    page.wait_for_url("**sort=**")
    first = page.locator(".card h2").first.inner_text()
    assert first in (
        "Role clarity",
        "Lack of facilitative leadership",
    )  # 9 mentions each
    filters = page.get_by_role("complementary", name="Filter")
    filters.get_by_role("link", name="Leadership / management 5").click()  # remove it
    page.wait_for_url(lambda url: "dimension" not in url)
    expect(page.locator(".total")).to_contain_text(re.compile(r"^34 challenges"))


PAGE_TYPES = {
    "home": "/",
    "challenges": "/challenges/?dimension=leadership",
    "practices": "/practices/",
    "cases": "/cases/?kind=policy-lab",
    "challenge": "/challenges/role-clarity/",
    "practice": "/practices/dont-forget-role-clarity/",
    "case": "/cases/california-policy-lab/",
    "organisation": "/organisations/ucla/",
    "sources": "/sources/",
    "about": "/about/",
    "glossary": "/glossary/",
    "video timeline": f"/sources/{VIDEO_SLUG}/",
    "report outline": f"/sources/{REPORT_SLUG}/",
    "moment": f"/sources/{VIDEO_SLUG}/t/1692/",
    "tags": "/tags/",
    "tag": "/tags/trust/",
    "series": "/series/catalyst-project-lessons/",
    "series index": "/series/",
    "organisations": "/organisations/?sector=academic",
    "compare": "/compare/?kind=cases&slug=catalyst-project&slug=california-policy-lab",
    "plan, the form": "/plan/",
    "plan": "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
    "&stage=starting&challenge=role-clarity",
    "map": "/map/",
    "world map": "/cases/map/",
    "map, filtered": "/map/?dimension=leadership",
    "not found": "/challenges/no-such-challenge/",
    "search": "/search/?q=role+clarity",
    "search, corrected": "/search/?q=colaboration",
    "search, no result": "/search/?q=xyzzyq",
    "search, empty": "/search/",
}


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(site, chromium, width):
    if not AXE.exists():
        message = f"{AXE} not found: run `npm ci` (make test does) to get axe-core"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # axe-core is injected as an inline script, which the site's CSP rightly
    # refuses: this context lets the test's own script run (CSP is checked by
    # every other browser test).
    problems = {}
    for scheme in ("light", "dark"):
        problems.update(_axe_problems(chromium, site, scheme, width))
    assert problems == {}, json.dumps(problems, indent=1)


def _axe_problems(chromium, site, scheme, width):
    """Serious or critical axe violations of every page type in a colour
    scheme, at a desktop's width or a phone's."""
    size = {"width": width, "height": 800 if width > 600 else 844}
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme, viewport=size)
    page = context.new_page()
    page.set_default_timeout(5000)
    problems = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        serious = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"][:3]],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[f"{name} ({scheme}, {width} px)"] = serious
    context.close()
    return problems


def test_pages_work_with_javascript_off(live_server, chromium):
    call_command("load_content", verbosity=0)
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/cases/")
    page.set_default_timeout(5000)
    page.get_by_role("link", name="Singapore 2").click()
    assert "country=Singapore" in page.url
    assert page.locator(".card h2").all_inner_texts() == [
        "AI Singapore",
        "Singapore Data Science Consortium (SDSC)",
    ]
    context.close()


def test_a_practitioner_makes_a_plan_without_javascript_and_prints_it(live_server, chromium):
    call_command("load_content", verbosity=0)
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Plan a collaboration").click()
    page.get_by_label("Public sector").check()
    page.get_by_label("University / research").check()
    page.get_by_label("Within one country").check()
    page.get_by_text("Countries").click()  # the disclosure opens without JavaScript
    page.get_by_label("United Kingdom").check()
    page.get_by_label("Starting").check()
    page.get_by_label("Role clarity", exact=True).check()
    page.get_by_role("button", name="Make the plan").click()
    assert "challenge=role-clarity" in page.url and "country=United+Kingdom" in page.url
    practices = page.locator(".plan-challenge").first.locator(".plan-practices > li > a")
    # Table 3's strategy for role clarity first, saying why.
    assert practices.first.inner_text() == "Designate clear roles for project participants"
    why = page.locator(".plan-challenge").first.locator(".plan-practices > li .why").first
    assert why.inner_text().startswith("Table 3 of the Catalyst report gives it")
    assert page.locator(".plan-cases h3").first.inner_text() == "Catalyst Project"
    # One checklist of the 19 steps of the three series that fit a start.
    expect(page.locator(".plan-checklist > li")).to_have_count(19)
    page.emulate_media(media="print")
    assert not page.locator(".plan-form").is_visible()
    assert page.locator(".plan-challenge").first.is_visible()
    context.close()


def test_a_curator_edits_a_record_in_the_admin_and_search_follows(site, page, django_user_model):
    django_user_model.objects.create_superuser("curator", "c@example.org", "a-long-test-password")
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(site + "/admin/challenges/challenge/?q=role+clarity")
    page.get_by_role("link", name="Role clarity", exact=True).click()
    page.get_by_label("Title").fill("Role clarity and hierarchy")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()

    page.goto(site + "/search/?q=hierarchy")
    assert page.locator(".card h2").all_inner_texts() == ["Role clarity and hierarchy"]

    page.goto(site + "/admin/challenges/challenge/?q=hierarchy")
    page.get_by_role("link", name="Role clarity and hierarchy").click()
    page.get_by_role("button", name="Unpublish (back to draft)").click()
    page.locator(".messagelist").get_by_text("published → draft").wait_for()
    page.goto(site + "/search/?q=hierarchy")
    assert page.locator(".card").count() == 0
    assert "No result for “hierarchy”" in page.locator(".total").inner_text()


def test_a_practitioner_searches_from_any_page(site, page):
    page.goto(site + "/cases/")
    page.get_by_role("search", name="Site search").get_by_role("searchbox").fill("spanners")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=spanners")
    first = page.locator(".card h2").first
    assert first.inner_text() == "Designate boundary spanners"
    assert page.locator(".card mark").first.inner_text().lower().startswith("spann")
    kinds = page.get_by_role("complementary", name="Filter").locator("section").first
    kinds.get_by_role("link", name=re.compile(r"^Practice \d+")).click()
    page.wait_for_url("**kind=practice**")
    assert "kind=practice" in page.url and "q=spanners" in page.url
    assert "Practice" in page.locator(".card .kind").first.inner_text()
