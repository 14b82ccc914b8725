"""A practitioner prints a plan (Playwright driving Debian's Chromium): the
paper carries the plan's address, the day it was made, why each practice is
there and how the plan ranks, and every link's whole address."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = (
    "/plan/?sector=public&sector=academic&scope=domestic&country=United+Kingdom"
    "&stage=starting&challenge=role-clarity"
)


def test_a_printed_plan_carries_its_address_date_reasons_and_method(live_server, page):
    call_command("load_content", verbosity=0)
    page.goto(live_server.url + PLAN)
    page.emulate_media(media="print")
    address = page.locator(".plan-address")
    expect(address).to_be_visible()
    expect(address).to_contain_text(live_server.url + PLAN)
    expect(address).to_contain_text(format_date(timezone.now(), "j F Y"))
    expect(page.get_by_role("heading", name="How the plan ranks")).to_be_visible()
    expect(page.locator(".plan-method")).to_contain_text("Counts of citations")
    first = page.locator(".plan-practices > li").first
    expect(first.locator(".plan-do")).to_be_visible()
    expect(first.locator(".why")).to_be_visible()
    expect(first.locator(".why")).to_contain_text("Table 3 of the Catalyst report gives it")
    expect(page.locator(".plan-checklist > li")).to_have_count(19)
    expect(page.locator(".plan-form")).to_be_hidden()
    # Every link of the plan that prints points at a whole address, and
    # prints it after its text.
    relative = page.eval_on_selector_all(
        ".plan a[href]",
        "links => links.filter(a => a.offsetParent !== null)"
        ".map(a => a.getAttribute('href')).filter(h => !h.startsWith('http'))",
    )
    assert relative == []
    printed = first.locator("a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed == f'" ({live_server.url}/practices/designate-clear-roles/)"'
