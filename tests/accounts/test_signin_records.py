"""Sign-in records and sessions are kept for LOGIN_RECORDS_DAYS, then cleaned away."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

MODELS = (AccessLog, AccessFailureLog, AccessAttempt)


def record(model, days_ago, username):
    row = model.objects.create(
        username=username, ip_address="203.0.113.5", user_agent="Firefox", **extra(model)
    )
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))


def extra(model):
    if model is AccessAttempt:
        return {"failures_since_start": 1, "get_data": "", "post_data": ""}
    return {}


def session(key, expires_in_days):
    Session.objects.create(
        session_key=key,
        session_data="",
        expire_date=timezone.now() + timedelta(days=expires_in_days),
    )


def usernames(model):
    return set(model.objects.values_list("username", flat=True))


def test_it_deletes_records_older_than_the_period_and_keeps_recent_ones(settings):
    settings.LOGIN_RECORDS_DAYS = 90
    for model in MODELS:
        record(model, 91, "old")
        record(model, 89, "recent")
    session("expired", -1)
    session("current", 1)
    out = io.StringIO()
    call_command("clean_login_records", stdout=out)
    for model in MODELS:
        assert usernames(model) == {"recent"}, model
    assert set(Session.objects.values_list("session_key", flat=True)) == {"current"}
    assert "Deleted 1 access logs older than 90 days." in out.getvalue()


def test_a_shorter_period_can_be_asked_for_and_a_nonsense_one_is_refused():
    for model in MODELS:
        record(model, 10, "ten days")
        record(model, 1, "yesterday")
    call_command("clean_login_records", "--days", "7", stdout=io.StringIO())
    assert all(usernames(model) == {"yesterday"} for model in MODELS)
    with pytest.raises(SystemExit):
        call_command(
            "clean_login_records", "--days", "0", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert all(usernames(model) == {"yesterday"} for model in MODELS)
