"""Curation as a team, in a real browser: a contributor, two editors and a reader.

A contributor cites a new place, adds two organisations and a case that names
them, and submits the case; an editor sends it back with a comment; the
contributor fixes it and submits again; the editor publishes the case and its
organisations at once; a reader sees them. Then two editors save the case from
forms opened at the same time, and both their changes reach the reader; and a
reader's suggestion reaches the editors.
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from collabkb.curation.roles import CONTRIBUTORS, EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
WAIT = 15000  # milliseconds
CASE = "Harbour Data Compact"
COUNCIL = "Saltmarsh Borough Council"
INSTITUTE = "Northgate Institute of Technology"
FIRST_SUMMARY = "A port town and a college agree to share ferry data."
FIXED_SUMMARY = "A port town and a nearby college pool ferry and freight data to plan crossings."
SENT_BACK = "Say what the two partners share, and what for."
EDITED_SUMMARY = (
    "A port town and a nearby college pool ferry and freight data to plan safer crossings."
)
OUTCOMES = "Fewer cancelled crossings in the first winter."
SUGGESTION = "The college is on the north shore, not the south."
# How a move names the organisations that went with the case: by title.
BOTH = f"“{INSTITUTE}”, “{COUNCIL}”"


@pytest.fixture(autouse=True)
def _patient_expect():
    """On a loaded machine a save in the admin may take seconds: each check
    waits as long as the pages' own actions."""
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5000)  # Playwright's default


def watched(page, problems):
    """``page``, with each server error, Content-Security-Policy violation and
    script error it meets written down in ``problems``."""
    page.set_default_timeout(WAIT)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 500 and problems.append(f"{response.status} {response.url}")
        ),
    )
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and problems.append(msg.text),
    )
    return page


@pytest.fixture
def new_page(chromium):
    """A page of its own browser context (its own cookies): one person's."""
    contexts = []

    def new_page(problems):
        contexts.append(chromium.new_context())
        return watched(contexts[-1].new_page(), problems)

    yield new_page
    for context in contexts:
        context.close()


def person(new_page, site, django_user_model, name, role, problems):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    page = new_page(problems)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="What waits for you")).to_be_visible()
    return page


def choose(page, field, typed, option):
    """Pick ``option`` in the select2 autocomplete ``field`` (a CSS selector of
    the row or field holding it), after typing ``typed``, from the choices
    found for it: a search still running when the form is saved would read
    the tables the save writes, which the test's in-memory SQLite refuses."""
    page.locator(f"{field} .select2-selection").click()
    with page.expect_response(lambda response: searched(response, typed)):
        page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def searched(response, typed):
    return parse_qs(urlparse(response.url).query).get("term") == [typed]


def message(page, text):
    expect(page.locator(".messagelist").get_by_text(text)).to_be_visible()


def save(page):
    page.get_by_role("button", name="Save and continue editing").click()


def mail_to(name, subject):
    """The bodies of the e-mails sent to ``name`` with ``subject``."""
    return [m.body for m in mail.outbox if m.to == [f"{name}@example.org"] and m.subject == subject]


def fill_organisation(page, title, summary, sector):
    """Fill an organisation's form: in the United Kingdom, citing the new moment."""
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill(summary)
    page.get_by_label("Sector:").select_option(label=sector)
    page.get_by_label("Country:").select_option(label="United Kingdom")
    choose(page, "#attachments-0", "41:09", "41:09 · OPSI webinar")


def test_a_team_takes_a_case_from_draft_to_readers_and_keeps_everyones_work(
    live_server, new_page, django_user_model
):
    site = live_server.url
    call_command("load_content", verbosity=0)
    problems = []
    reader = new_page(problems)

    # 1. A contributor cites a new moment of the webinar, and adds a case and
    # two organisations citing it, the organisations its participants.
    carla = person(new_page, site, django_user_model, "carla", CONTRIBUTORS, problems)
    edith = person(new_page, site, django_user_model, "edith", EDITORS, problems)
    carla.goto(site + "/admin/collabkb/citation/add/")
    choose(carla, ".field-source", "OPSI", "Challenges and success factors in cross-border")
    carla.get_by_label("Timestamp label:").fill("41:09")
    save(carla)
    message(carla, "was added successfully")
    # One organisation in its own form, ...
    carla.goto(site + "/admin/cases/organisation/add/")
    fill_organisation(
        carla, COUNCIL, "The borough that runs the town's ferry landing.", "Public sector"
    )
    save(carla)
    message(carla, "was added successfully")
    carla.goto(site + "/admin/cases/case/add/")
    carla.locator("#id_title").fill(CASE)
    carla.locator("#id_summary").fill(FIRST_SUMMARY)
    carla.locator("#id_kind").select_option(label="Research partnership")
    choose(carla, "#participations-0", "Saltmarsh", COUNCIL)
    carla.get_by_role("button", name="Add another Participation").click()
    # ... the other from the case's form, with the "+" beside a participant.
    with carla.expect_popup() as opened:
        carla.locator("#add_id_participations-1-organisation").click()
    popup = watched(opened.value, problems)
    fill_organisation(
        popup,
        INSTITUTE,
        "A technical college that studies coastal transport.",
        "University / research",
    )
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(carla.locator("#participations-1 .select2-selection")).to_contain_text(INSTITUTE)
    choose(carla, "#attachments-0", "41:09", "41:09 · OPSI webinar")
    save(carla)
    message(carla, "was added successfully")
    case_url = carla.url
    together = carla.get_by_text("Not public yet, and moved with it")
    expect(together).to_contain_text(COUNCIL)
    expect(together).to_contain_text(INSTITUTE)
    public_url = carla.get_by_role("link", name="Preview it at its public address").get_attribute(
        "href"
    )
    # Its preview shows them among its participants, not public yet.
    carla.goto(site + public_url)
    organisation_urls = []
    for title in (COUNCIL, INSTITUTE):
        row = carla.locator("tr", has=carla.get_by_role("link", name=title))
        expect(row).to_contain_text("not public yet: published with the case")
        organisation_urls.append(row.get_by_role("link", name=title).get_attribute("href"))
    carla.go_back()
    carla.get_by_role("button", name="Submit for review").click()
    message(carla, f"“{CASE}”: draft → in review, and with it {BOTH}.")
    # The organisations went with it.
    carla.goto(site + "/admin/")
    submitted = carla.locator("#my-submitted + ul")
    for title in (CASE, COUNCIL, INSTITUTE):
        expect(submitted.get_by_role("link", name=title)).to_be_visible()
    for url in (public_url, *organisation_urls):
        assert reader.goto(site + url).status == 404
    assert len(mail_to("edith", f"Waiting for review: {CASE}")) == 1

    # 2. An editor finds it in the review queue and sends it back with a comment.
    edith.goto(site + "/admin/")
    edith.locator("#review-queue ~ ul").get_by_role("link", name=CASE).click()
    edith.get_by_label("What needs changing (sent to the author)").fill(SENT_BACK)
    edith.get_by_role("button", name="Send back with a comment").click()
    message(edith, f"“{CASE}”: in review → draft, and with it {BOTH}.")
    [sent_back_mail] = mail_to("carla", f"Sent back to you: {CASE}")
    assert SENT_BACK in sent_back_mail

    # 3. The contributor sees it sent back, and the comment at the top of the form.
    carla.goto(site + "/admin/")
    expect(carla.get_by_role("heading", name="Sent back to you")).to_be_visible()
    sent_back = carla.locator("#sent-back + ul")
    expect(sent_back).to_contain_text(SENT_BACK)
    sent_back.get_by_role("link", name=CASE).click()
    comment = carla.locator("section.sent-back")
    expect(comment).to_contain_text("Sent back by edith")
    expect(comment).to_contain_text(SENT_BACK)
    title_field = carla.locator("#id_title")
    assert comment.bounding_box()["y"] < title_field.bounding_box()["y"]
    carla.locator("#id_summary").fill(FIXED_SUMMARY)
    save(carla)
    message(carla, "was changed successfully")
    carla.get_by_role("button", name="Submit for review").click()
    message(carla, "draft → in review")
    expect(carla.locator("section.sent-back")).to_have_count(0)

    # 4. The editor publishes it: the case and its two organisations, in one click.
    edith.goto(case_url)
    expect(edith.get_by_text("Every check before publishing passes.")).to_be_visible()
    edith.get_by_role("button", name="Publish", exact=True).click()
    message(edith, f"“{CASE}”: in review → published, and with it {BOTH}.")
    [published_mail] = mail_to("carla", f"Published: {CASE}")
    assert public_url in published_mail

    # 5. A reader sees the case, its summary and both organisations.
    reader.goto(site + public_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(CASE)
    expect(reader.get_by_text(FIXED_SUMMARY)).to_be_visible()
    participants = reader.locator("tr", has_text="not public yet")
    expect(participants).to_have_count(0)
    for title, url in zip((COUNCIL, INSTITUTE), organisation_urls, strict=True):
        expect(reader.get_by_role("link", name=title)).to_have_attribute("href", url)
        assert reader.goto(site + url).status == 200
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)
        reader.go_back()

    # 6. Two editors open the case's form; the first saves a new summary; the
    # second, whose form is older, is refused, keeps what they typed, reloads
    # and saves again.
    edgar = person(new_page, site, django_user_model, "edgar", EDITORS, problems)
    edith.goto(case_url)
    edgar.goto(case_url)
    edith.locator("#id_summary").fill(EDITED_SUMMARY)
    save(edith)
    message(edith, "was changed successfully")
    edgar.locator("#id_outcomes").fill(OUTCOMES)
    save(edgar)
    refusal = edgar.locator(".errornote, .errorlist").filter(
        has_text="Someone saved this record after you opened it"
    )
    # Who, when and what: "edith, on 7 Dec 2026 at 18:40, changing Summary".
    expect(refusal.first).to_contain_text(
        re.compile(r"edith, on \d{1,2} \w{3} \d{4} at \d\d:\d\d, changing Summary")
    )
    expect(edgar.locator("#id_outcomes")).to_have_value(OUTCOMES)
    # The refusal links to the two versions compared, edith's words marked.
    compare = refusal.first.get_by_role("link", name="compare the version you opened with theirs")
    versions = watched(edgar.context.new_page(), problems)
    versions.goto(site + compare.get_attribute("href"))
    expect(versions.locator("table.diff ins").first).to_have_text("safer")
    versions.close()
    reader.goto(site + public_url)
    expect(reader.get_by_text(EDITED_SUMMARY)).to_be_visible()
    expect(reader.get_by_text(OUTCOMES)).to_have_count(0)
    edgar.goto(case_url)
    expect(edgar.locator("#id_summary")).to_have_value(EDITED_SUMMARY)
    edgar.locator("#id_outcomes").fill(OUTCOMES)
    save(edgar)
    message(edgar, "was changed successfully")
    reader.goto(site + public_url)
    expect(reader.get_by_text(EDITED_SUMMARY)).to_be_visible()
    expect(reader.get_by_text(OUTCOMES)).to_be_visible()

    # 7. A reader suggests a correction; an editor finds it among the suggestions.
    reader.get_by_role("link", name="Suggest a correction").click()
    reader.get_by_label("What is wrong").fill(SUGGESTION)
    reader.get_by_role("button", name="Send to the editors").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")
    edith.goto(site + "/admin/")
    edith.get_by_role("link", name="Suggestions").click()
    suggestion = edith.locator("#result_list tbody tr", has_text=SUGGESTION)
    expect(suggestion).to_contain_text(CASE)
    expect(suggestion).to_contain_text("New")

    assert problems == []
