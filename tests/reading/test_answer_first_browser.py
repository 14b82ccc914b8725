"""On a phone a record page answers within its first two screens: the first
practice addressing a challenge, the first challenge a practice addresses, a
case's participants (Playwright driving Debian's Chromium, shipped content).
"Cite this" waits folded at the end, opens without JavaScript and prints."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FIRST_LINKED_PRACTICE = "section.links:has(#addressed-by) li"
FIRST_CHALLENGE = "section.links:has(#addresses) li"
PARTICIPANTS = "#participants"
# The records of the shipped content that put their answer farthest down.
ANSWERS = {
    # the most citations (28): its side column was 14,000 px tall
    "/challenges/misalignment-between-research-and-project-objectives/": FIRST_LINKED_PRACTICE,
    # the most practices addressing it
    "/challenges/role-clarity/": FIRST_LINKED_PRACTICE,
    # the longest account before its practices
    "/challenges/expectations-not-set-at-the-start/": FIRST_LINKED_PRACTICE,
    # the most challenges addressed
    "/practices/start-with-honest-dialogue-socialising-and-small-wins/": FIRST_CHALLENGE,
    # a long account of the practice (it follows the challenges)
    "/practices/putting-the-five-lessons-to-work/": FIRST_CHALLENGE,
    # the longest account of a case (it follows the participants)
    "/cases/california-policy-lab/": PARTICIPANTS,
    # the most links
    "/cases/catalyst-project/": PARTICIPANTS,
    # the most participants
    "/cases/singapore-data-science-consortium/": PARTICIPANTS,
}


@pytest.fixture
def site(live_server):
    call_command("load_content", verbosity=0)
    return live_server.url


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def test_on_a_phone_a_record_answers_within_its_first_two_screens(site, phone):
    below = {}
    for path, answer in ANSWERS.items():
        phone.goto(site + path)
        first = phone.locator(answer).first
        expect(first).to_be_visible()
        top = first.bounding_box()["y"]
        if top >= 2 * PHONE["height"]:
            below[path] = round(top)
    assert below == {}, f"the answer starts below the second screen (its top, px): {below}"


def test_cite_this_is_folded_at_the_end_opens_without_javascript_and_prints(site, phone):
    phone.goto(site + "/challenges/role-clarity/")
    reference = phone.locator(".cite-this .reference")
    expect(reference).to_be_hidden()
    cite = phone.get_by_text("Cite this", exact=True)
    height = phone.evaluate("() => document.documentElement.scrollHeight")
    assert cite.bounding_box()["y"] > height - 2 * PHONE["height"]
    cite.click()
    expect(reference).to_be_visible()
    expect(reference).to_contain_text("CollabKB. “Role clarity” (challenge).")
    phone.goto(site + "/cases/california-policy-lab/")  # printed, it is open
    phone.emulate_media(media="print")
    expect(reference).to_be_visible()
