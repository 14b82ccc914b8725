"""E-mails on submit, send back and publish; each person may turn them off."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from collabkb.curation.review import MOVES
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import NotificationSetting, Status
from tests import factories as f
from tests.curation.test_review import move_url, status_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, django_user_model):
    """A contributor (signed in), two editors, an editor with no address, a superuser."""
    carla = f.make_curator("carla", CONTRIBUTORS)
    editors = [f.make_curator("edith", EDITORS), f.make_curator("eric", EDITORS)]
    no_address = f.make_curator("nomail", EDITORS)
    django_user_model.objects.filter(pk=no_address.pk).update(email="")
    f.make_curator("root", superuser=True)
    client.force_login(carla)
    return {"carla": carla, "edith": editors[0], "eric": editors[1], "client": client}


def moved(client, record, name, capture, comment=""):
    with capture(execute=True):
        response = client.post(move_url(record, name), {"comment": comment})
    assert response.status_code == 302
    assert status_of(record) == MOVES[name].target  # the move was made, not refused
    return response


def test_it_emails_the_editors_when_a_contributor_submits(team, django_capture_on_commit_callbacks):
    draft = f.make_challenge(
        citations=[f.make_citation()],
        title="Unclear budgets",
        created_by=team["carla"],
        status=Status.DRAFT,
    )
    moved(team["client"], draft, "submit", django_capture_on_commit_callbacks, "Ready.")
    assert status_of(draft) == Status.IN_REVIEW
    # Each editor apart (no one sees the others' addresses); not the one with no address.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "edith@example.org",
        "eric@example.org",
        "root@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Waiting for review: Unclear budgets"
    assert "carla submitted the challenge “Unclear budgets”" in message.body
    assert "Ready." in message.body
    assert f"/admin/challenges/challenge/{draft.pk}/change/" in message.body
    assert reverse("my_notifications") in message.body


def test_it_emails_the_author_the_comment_when_an_editor_sends_back(
    team, client, django_capture_on_commit_callbacks
):
    record = f.make_challenge(
        citations=[f.make_citation()],
        title="Unclear budgets",
        created_by=team["carla"],
        status=Status.DRAFT,
    )
    record.status = Status.IN_REVIEW
    record.save()
    client.force_login(team["edith"])
    moved(client, record, "send_back", django_capture_on_commit_callbacks, "Cite Table 3, please.")
    [message] = mail.outbox
    assert message.to == ["carla@example.org"]
    assert message.subject == "Sent back to you: Unclear budgets"
    assert "edith sent your challenge “Unclear budgets” back to you" in message.body
    assert "Cite Table 3, please." in message.body


def test_it_emails_the_author_when_an_editor_publishes(
    team, client, django_capture_on_commit_callbacks
):
    record = f.make_practice(
        citations=[f.make_citation()],
        title="Shared vision",
        created_by=team["carla"],
        status=Status.DRAFT,
    )
    client.force_login(team["eric"])
    moved(client, record, "publish", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert (message.to, message.subject) == (["carla@example.org"], "Published: Shared vision")
    assert record.get_absolute_url() in message.body


def test_no_one_is_told_of_their_own_move_nor_of_a_shipped_record(
    team, client, django_capture_on_commit_callbacks
):
    client.force_login(team["edith"])
    own = f.make_challenge(
        citations=[f.make_citation()], title="Mine", created_by=team["edith"], status=Status.DRAFT
    )
    moved(client, own, "publish", django_capture_on_commit_callbacks)
    shipped = f.make_challenge(
        citations=[f.make_citation()], title="Shipped", status=Status.DRAFT
    )  # no author
    moved(client, shipped, "publish", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_person_who_turned_them_off_gets_none(team, client, django_capture_on_commit_callbacks):
    # Carla and Eric say no on their own page.
    for person in (team["carla"], team["eric"]):
        client.force_login(person)
        response = client.post(reverse("my_notifications"), {})  # the box unticked
        assert response.status_code == 302
    assert not NotificationSetting.objects.get(user=team["carla"]).by_email
    draft = f.make_challenge(
        citations=[f.make_citation()],
        title="Unclear budgets",
        created_by=team["carla"],
        status=Status.DRAFT,
    )
    client.force_login(team["carla"])
    moved(client, draft, "submit", django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["edith@example.org", "root@example.org"]
    mail.outbox.clear()
    client.force_login(team["edith"])
    moved(client, draft, "send_back", django_capture_on_commit_callbacks, "Shorter, please.")
    moved(client, draft, "publish", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # Turned on again, Carla hears of the next one.
    client.force_login(team["carla"])
    client.post(reverse("my_notifications"), {"by_email": "on"})
    client.force_login(team["edith"])
    moved(client, draft, "unpublish", django_capture_on_commit_callbacks)
    moved(client, draft, "publish", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]


def test_my_notifications_changes_my_setting_only(team, client):
    page = client.get(reverse("my_notifications")).content.decode()
    assert "carla@example.org" in page and 'name="by_email"' in page and "checked" in page
    # There is no other person to name: the page is always the signed-in person's.
    client.post(
        reverse("my_notifications") + f"?user={team['edith'].pk}", {"user": team["edith"].pk}
    )
    assert list(NotificationSetting.objects.values_list("user__username", "by_email")) == [
        ("carla", False)
    ]
    page = client.get(reverse("my_notifications")).content.decode()
    assert '<input type="checkbox" name="by_email"' in page and " checked" not in page


def test_my_notifications_is_for_curators_only(client, django_user_model):
    response = client.get(reverse("my_notifications"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reader = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    client.force_login(reader)
    assert client.post(reverse("my_notifications"), {}).status_code == 302
    assert not NotificationSetting.objects.exists()


def test_a_mail_server_that_fails_is_logged_and_the_move_stands(
    team, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    draft = f.make_challenge(
        citations=[f.make_citation()],
        title="Unclear budgets",
        created_by=team["carla"],
        status=Status.DRAFT,
    )
    with caplog.at_level(logging.ERROR, logger="collabkb.curation.notify"):
        moved(team["client"], draft, "submit", django_capture_on_commit_callbacks)
    assert status_of(draft) == Status.IN_REVIEW
    assert "Could not e-mail about the move “submit” of “Unclear budgets”" in caplog.text
