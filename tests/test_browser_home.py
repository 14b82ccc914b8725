"""The home page in a real browser."""

import pytest

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_counts_and_keyboard_users_can_skip_to_content(live_server, page):
    f.make_challenge(title="Cultural norms")
    f.make_challenge(title="Role clarity")
    page.goto(live_server.url + "/")
    assert page.title() == "Home · CollabKB"
    counts = page.locator(".counts div").all_inner_texts()
    assert any("Challenges" in text and "2" in text for text in counts)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert page.url.endswith("#main")
