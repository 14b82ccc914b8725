"""The curation loop in a real browser, as a contributor, an editor and a reader."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from collabkb.curation.roles import CONTRIBUTORS, EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
TITLE = "Unspoken hierarchies"


def person(chromium, site, django_user_model, name, role):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(10000)
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text),
    )
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="What waits for you").wait_for()
    return page


def message(page, text):
    page.locator(".messagelist").get_by_text(text).wait_for()


def test_a_contributor_drafts_an_editor_reviews_and_publishes_a_reader_sees_it(
    live_server, chromium, django_user_model
):
    site = live_server.url
    call_command("load_content", verbosity=0)
    reader = chromium.new_context().new_page()

    # A contributor drafts a challenge with a citation and a tag, and submits it.
    carla = person(chromium, site, django_user_model, "carla", CONTRIBUTORS)
    carla.goto(site + "/admin/challenges/challenge/add/")
    carla.get_by_label("Title:").fill(TITLE)
    carla.get_by_label("Summary:").fill("Partners defer to rank and never say so.")
    carla.get_by_label("Tags:").fill("hierarchy")
    carla.locator("#attachments-0 .select2-selection").click()
    carla.locator(".select2-dropdown .select2-search__field").fill("28:12")
    carla.locator(".select2-results__option", has_text="28:12 · OPSI webinar").first.click()
    carla.get_by_role("button", name="Save and continue editing").click()
    message(carla, "was added successfully")
    expect(carla.get_by_role("heading", name="Status: Draft")).to_be_visible()
    public_url = carla.get_by_role("link", name="Preview it at its public address").get_attribute(
        "href"
    )
    carla.get_by_role("button", name="Submit for review").click()
    message(carla, "draft → in review")
    assert carla.get_by_role("button", name="Publish").count() == 0

    # A reader cannot see it yet, at its address or in search.
    assert reader.goto(site + public_url).status == 404
    reader.goto(site + "/search/?q=hierarchies")
    assert TITLE not in reader.content()

    # The editor finds it in the review queue and previews it.
    edith = person(chromium, site, django_user_model, "edith", EDITORS)
    edith.get_by_role("link", name="Challenges: 1 in review").click()
    edith.get_by_role("link", name=TITLE).click()
    edith.get_by_role("link", name="Preview it at its public address").click()
    assert "Not public — in review" in edith.locator(".preview-banner").inner_text()
    assert edith.get_by_role("heading", level=1).inner_text() == TITLE
    assert "28:12" in edith.locator(".citations").inner_text()
    edith.go_back()

    # A later change, and its diff.
    edith.get_by_label("Summary:").fill("Partners defer to seniority and never say so.")
    edith.get_by_role("button", name="Save and continue editing").click()
    message(edith, "was changed successfully")
    edith.get_by_role("link", name="Compare versions").click()
    assert edith.locator("table.diff del").first.inner_text() == "rank"
    assert edith.locator("table.diff ins").first.inner_text() == "seniority"
    edith.get_by_role("link", name="Back to the record").click()

    # Published: the reader sees it, in pages and in search.
    edith.get_by_role("button", name="Publish").click()
    message(edith, "in review → published")
    reader.goto(site + public_url)
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    assert reader.locator(".preview-banner").count() == 0
    reader.goto(site + "/search/?q=hierarchies")
    assert TITLE in reader.locator(".card h2").all_inner_texts()
    reader.goto(site + "/tags/hierarchy/")
    assert reader.get_by_role("link", name=TITLE).is_visible()
    # The admin worked under the Content-Security-Policy, and broke none of it.
    assert carla.csp_violations == [] and edith.csp_violations == []
