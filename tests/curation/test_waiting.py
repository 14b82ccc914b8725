"""What waits for each person: the admin home's lists, the send-back comment at
the top of the form, and who last changed a record."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from challenges.models import Challenge
from collabkb.curation import review
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Status
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_history import edit
from tests.curation.test_review import change_url, move_url

pytestmark = pytest.mark.django_db

HOME = "/admin/"


@pytest.fixture
def people():
    return {
        "carla": f.make_curator("carla", CONTRIBUTORS),
        "colin": f.make_curator("colin", CONTRIBUTORS),
        "edith": f.make_curator("edith", EDITORS),
    }


def section(page, heading_id):
    """The text of the home page's list under the heading ``heading_id``."""
    start = page.index(f'id="{heading_id}"')
    rest = page[start:]
    end = re.search(r"<h3 |</section>", rest[10:])
    return rest[: 10 + end.start()] if end else rest


def send_back(record, editor, comment):
    review.move(record, "send_back", editor, comment)


def test_a_contributor_sees_their_drafts_what_was_sent_back_and_what_waits(client, people):
    carla, colin, edith = people["carla"], people["colin"], people["edith"]
    f.make_challenge(title="Carla draft", created_by=carla, status=Status.DRAFT)
    returned = f.make_practice(title="Carla returned", created_by=carla, status=Status.DRAFT)
    review.move(returned, "submit", carla)
    send_back(returned, edith, "Cite the table, please.")
    waiting = f.make_case(title="Carla submitted", created_by=carla, status=Status.DRAFT)
    review.move(waiting, "submit", carla)
    f.make_challenge(title="Carla published", created_by=carla, status=Status.PUBLISHED)
    f.make_challenge(title="Colin draft", created_by=colin, status=Status.DRAFT)
    f.make_challenge(title="Colin submitted", created_by=colin, status=Status.IN_REVIEW)
    client.force_login(carla)
    page = client.get(HOME).content.decode()
    assert "Carla draft" in section(page, "my-drafts")
    assert "Carla returned" not in section(page, "my-drafts")
    returned_part = section(page, "sent-back")
    assert "Carla returned" in returned_part
    assert "Cite the table, please." in returned_part and "edith" in returned_part
    assert change_url(returned) in returned_part
    assert "Carla submitted" in section(page, "my-submitted")
    # Not others' drafts, not what is published, and no queue for a contributor.
    assert "Colin " not in page and "Carla published" not in page
    assert 'id="review-queue"' not in page
    assert reverse("my_notifications") in page


def test_an_editor_sees_the_queue_oldest_first_and_their_own_drafts(client, people):
    carla, colin, edith = people["carla"], people["colin"], people["edith"]
    first = f.make_practice(title="Submitted first", created_by=colin, status=Status.DRAFT)
    second = f.make_challenge(title="Submitted second", created_by=carla, status=Status.DRAFT)
    review.move(first, "submit", colin)
    review.move(second, "submit", carla)
    # An edit after submitting does not move it up the queue.
    first.summary = "Edited while in review."
    first.save()
    f.make_challenge(title="Edith draft", created_by=edith, status=Status.DRAFT)
    f.make_challenge(title="Colin draft", created_by=colin, status=Status.DRAFT)
    client.force_login(edith)
    page = client.get(HOME).content.decode()
    queue = section(page, "review-queue")
    assert "2 records waiting for an editor" in queue
    assert queue.index("Submitted first") < queue.index("Submitted second")
    assert "colin" in queue and "carla" in queue
    assert "Edith draft" in section(page, "my-drafts")
    assert "Colin draft" not in page
    assert "Nothing of yours waits for review." in section(page, "my-submitted")


def test_the_home_page_costs_the_same_queries_with_one_record_or_many(client, people):
    carla, edith = people["carla"], people["edith"]

    def add(n):
        for i in range(n):
            f.make_challenge(title=f"Draft {n}-{i}", created_by=carla, status=Status.DRAFT)
            sent = f.make_practice(title=f"Sent {n}-{i}", created_by=carla, status=Status.DRAFT)
            review.move(sent, "submit", carla)
            send_back(sent, edith, f"Comment {i}")
            queued = f.make_case(title=f"Queued {n}-{i}", created_by=carla, status=Status.DRAFT)
            review.move(queued, "submit", carla)

    counts = {"carla": [], "edith": []}
    for n in (1, 30):
        add(n)
        for person in (carla, edith):
            client.force_login(person)
            client.get(HOME)  # content types and the like, cached once
            with CaptureQueriesContext(connection) as queries:
                page = client.get(HOME).content.decode()
            counts[person.username].append(len(queries))
            if person is carla:
                assert f"Sent {n}-{n - 1}" in section(page, "sent-back")
    # The session, the user, their permissions; then per kind (challenges,
    # practices, cases, organisations) one query for the person's records,
    # and for an editor two more: the oldest in the queue, and their number.
    assert counts["carla"][0] == counts["carla"][1], counts
    assert counts["edith"][0] == counts["edith"][1] == counts["carla"][0] + 8, counts
    queue = section(page, "review-queue")
    assert "31 records waiting for an editor; the 10 oldest" in queue
    assert queue.count("<li>") == 10 and "Queued 1-0" in queue
    assert section(page, "my-drafts").count("<li>") == 0


def test_the_send_back_comment_is_at_the_top_of_the_form_while_it_is_a_draft(client, people):
    carla, edith = people["carla"], people["edith"]
    record = f.make_challenge(title="Weak ties", created_by=carla, status=Status.DRAFT)
    review.move(record, "submit", carla)
    send_back(record, edith, "Say which table the figure is from.")
    client.force_login(carla)
    page = client.get(change_url(record)).content.decode()
    comment = page.index("Say which table the figure is from.")
    assert comment < page.index('name="title"') < page.index('name="summary"')
    assert "Sent back by edith on" in page
    # Once submitted again it is no longer shown at the top (the history keeps it).
    review.move(record, "submit", carla)
    page = client.get(change_url(record)).content.decode()
    assert "Sent back by edith" not in page


def test_changed_by_follows_saves_moves_and_restores(client, people):
    carla, edith = people["carla"], people["edith"]
    client.force_login(carla)
    add = reverse("admin:challenges_challenge_add")
    fields = {"title": "Unclear budgets", "slug": "unclear-budgets", "summary": "Nobody pays."}
    assert post_form(client, add, "challenge_form", **fields).status_code == 302
    record = Challenge.objects.get(slug="unclear-budgets")
    assert (record.created_by, record.changed_by) == (carla, carla)
    client.post(move_url(record, "submit"))
    client.force_login(edith)
    edit(client, record, summary="Nobody knows who pays.")
    record.refresh_from_db()
    assert (record.created_by, record.changed_by) == (carla, edith)
    # The list and the form say so.
    listing = client.get(reverse("admin:challenges_challenge_changelist")).content.decode()
    assert "edith" in listing and "changed by" in listing.lower()
    form = client.get(change_url(record)).content.decode()
    assert "Added by carla" in form and "last changed by edith" in form
    # A move by the contributor (withdraw), then a restore by the editor.
    client.force_login(carla)
    client.post(move_url(record, "withdraw"))
    record.refresh_from_db()
    assert record.changed_by == carla
    client.force_login(edith)
    first = Version.objects.get_for_object(record).order_by("pk").first()
    url = reverse("admin:challenges_challenge_revision", args=[record.pk, first.pk])
    assert post_form(client, url, "challenge_form").status_code == 302
    record.refresh_from_db()
    assert (record.created_by, record.changed_by) == (carla, edith)
