"""A reader suggests a correction in a real browser (Playwright driving Debian's Chromium)."""

import pytest
from playwright.sync_api import expect

from collabkb.models import Suggestion
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_sends_a_suggestion_from_a_records_page(live_server, page):
    case = f.make_case(title="Catalyst Project")
    page.goto(live_server.url + case.get_absolute_url())
    page.get_by_role("link", name="Suggest a correction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a correction")
    expect(page.locator("#suggest-website")).to_be_hidden()  # the robots' field
    page.get_by_label("What is wrong").fill("Table 4 gives 2018 as the start, not 2019.")
    page.get_by_label("Your e-mail address (optional)").fill("reader@example.org")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.get_by_role("link", name="Back to “Catalyst Project”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalyst Project")
    suggestion = Suggestion.objects.get()
    assert suggestion.record == case and suggestion.email == "reader@example.org"
    assert suggestion.text == "Table 4 gives 2018 as the start, not 2019."
