"""Staff passwords and sessions: 12 characters and not common; idle and old sessions end."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from collabkb.accounts.sessions import LAST_SEEN, STARTED

pytestmark = pytest.mark.django_db


def change_password(client, user, password):
    url = f"/admin/auth/user/{user.pk}/password/"
    return client.post(
        url, {"password1": password, "password2": password, "usable_password": "true"}
    )


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Xq7#vLp2!mZ", "at least 12 characters"),  # 11 characters
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_the_admin_refuses_a_short_or_common_password(admin_client, admin_user, password, reason):
    before = admin_user.password
    response = change_password(admin_client, admin_user, password)
    assert response.status_code == 200 and reason in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.password == before


def test_the_admin_takes_a_long_uncommon_password(admin_client, admin_user):
    assert change_password(admin_client, admin_user, "Xq7#vLp2!mZk").status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("Xq7#vLp2!mZk")


def test_createsuperuser_validation_refuses_an_eleven_character_password():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7#vLp2!mZ")


def age(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_is_signed_out(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    age(admin_client, **{LAST_SEEN: 31 * 60})
    response = admin_client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert "You were signed out: your session had ended." in response.content.decode()
    # Signed out for good: coming back at once does not revive it.
    assert admin_client.get("/admin/").status_code == 302


def test_an_active_session_stays_signed_in(admin_client):
    admin_client.get("/admin/")
    for _ in range(3):
        age(admin_client, **{LAST_SEEN: 29 * 60})
        assert admin_client.get("/admin/").status_code == 200


def test_a_session_ends_twelve_hours_after_sign_in_however_active(admin_client):
    admin_client.get("/admin/")
    age(admin_client, **{STARTED: 12 * 3600 + 60, LAST_SEEN: 60})
    assert admin_client.get("/admin/").status_code == 302


def test_session_keys_are_signed_so_a_made_up_one_is_known_without_a_query(client):
    from django.contrib.auth.models import User

    from collabkb.web.sessions import is_signed

    user = User.objects.create_user("signed", password="a long enough passphrase", is_staff=True)
    client.force_login(user)
    key = client.cookies["sessionid"].value
    assert is_signed(key)
    assert not is_signed(key[:-1] + ("0" if key[-1] != "0" else "1"))
    assert not is_signed("made-up-session-key-0123456789")
