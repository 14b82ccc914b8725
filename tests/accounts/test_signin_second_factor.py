"""A second factor for editors and superusers: enrol, confirm each sign-in, recovery codes."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from challenges.models import Challenge
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from tests import factories as f
from tests.serving.test_settings import PRODUCTION, run_shell

pytestmark = pytest.mark.django_db

PASSWORD = "a long right password"
ENROL = "/admin/2fa/enrol/"
VERIFY = "/admin/2fa/"


def person(django_user_model, name, role=None, **fields):
    user = django_user_model.objects.create_user(
        name, f"{name}@example.org", PASSWORD, is_staff=True, **fields
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(client, user):
    data = {"username": user.username, "password": PASSWORD}
    assert client.post("/admin/login/", data).status_code == 302


def current_code(device):
    device.refresh_from_db()
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token())


def enrolled(user, codes=("recovery1",)):
    device = TOTPDevice.objects.create(user=user, name="Authenticator")
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return device


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def editor(django_user_model):
    return person(django_user_model, "edith", EDITORS)


def test_an_editor_signed_in_with_a_password_only_reaches_enrolment(client, editor):
    record = f.make_challenge(title="Held back")
    sign_in(client, editor)
    change = f"/admin/challenges/challenge/{record.pk}/change/"
    for url in ("/admin/", "/admin/challenges/challenge/", change, "/admin/auth/user/", "/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL), url
    # A crafted POST changes nothing either.
    client.post(change, {"title": "Changed", "status": "published"})
    record.refresh_from_db()
    assert record.title == "Held back" and Challenge.objects.count() == 1
    page = client.get(ENROL)
    assert page.status_code == 200
    secret = page.context["secret"]
    assert (
        secret in page.content.decode()
        and "otpauth://totp/CollabKB%3Aedith" in page.content.decode()
    )
    svg = client.get("/admin/2fa/enrol/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg xmlns=" in svg.content


def test_a_correct_code_enrols_the_editor_and_shows_recovery_codes_once(client, editor):
    sign_in(client, editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(ENROL, {"code": current_code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200
    # The codes are not shown again: enrolment is over.
    assert client.get(ENROL)["Location"].startswith(VERIFY)


def test_a_wrong_code_does_not_enrol(client, editor):
    sign_in(client, editor)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_an_enrolled_editor_confirms_each_sign_in_with_the_current_code(client, editor):
    device = enrolled(editor)
    sign_in(client, editor)
    response = client.get("/admin/challenges/challenge/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fchallenges%2Fchallenge%2F"
    response = client.post(VERIFY, {"code": "123456", "next": "/admin/"})
    assert "That code is not right" in response.content.decode()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/auth/user/"})
    assert response["Location"] == "/admin/auth/user/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, editor):
    enrolled(editor, codes=("k2zq4aa7mn", "p5tr7yy2bc"))
    sign_in(client, editor)
    # Typed with spaces and capitals; a "next" to another site is not followed.
    response = client.post(VERIFY, {"code": "K2ZQ 4AA7 MN", "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    sign_in(client, editor)
    response = client.post(VERIFY, {"code": "k2zq4aa7mn"})
    assert response.status_code == 200 and "has been used" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, editor):
    enrolled(editor, codes=("k2zq4aa7mn", "p5tr7yy2bc"))
    sign_in(client, editor)
    client.post(VERIFY, {"code": "k2zq4aa7mn"})
    assert "1 unused recovery code" in client.get("/admin/2fa/recovery-codes/").content.decode()
    codes = client.post("/admin/2fa/recovery-codes/").context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)


def test_a_superuser_is_asked_too(client, django_user_model):
    sign_in(client, person(django_user_model, "root", is_superuser=True))
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_a_contributor_is_not_forced_but_asked_once_enrolled(client, django_user_model):
    carla = person(django_user_model, "carla", CONTRIBUTORS)
    sign_in(client, carla)
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    enrolled(carla)
    sign_in(client, carla)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


@override_settings(STAFF_2FA_REQUIRED=False)
def test_with_the_setting_off_an_editor_signs_in_with_a_password(client, editor):
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200


def test_the_second_factor_is_required_in_production_unless_switched_off():
    script = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    assert run_shell(script, **PRODUCTION).stdout.strip() == "True"
    assert run_shell(script, **PRODUCTION, STAFF_2FA_REQUIRED="0").stdout.strip() == "False"
    assert run_shell(script).stdout.strip() == "False"  # a local start


def test_a_superuser_resets_a_lost_device_without_seeing_its_key(client, editor, django_user_model):
    lost = enrolled(editor)
    root = person(django_user_model, "root", is_superuser=True)
    sign_in(client, root)
    client.post(VERIFY, {"code": current_code(enrolled(root))})
    change = client.get(f"/admin/otp_totp/totpdevice/{lost.pk}/change/")
    assert change.status_code == 200 and lost.key not in change.content.decode()
    for device in (lost, StaticDevice.objects.get(user=editor)):
        meta = device._meta
        delete = f"/admin/{meta.app_label}/{meta.model_name}/{device.pk}/delete/"
        assert client.post(delete, {"post": "yes"}).status_code == 302
    client.post("/admin/logout/")
    sign_in(client, editor)
    assert client.get("/admin/")["Location"].startswith(ENROL)


HOSTILE = ["", " ", "\x00", "12\x003456", "9" * 10_000, "1" * 20, "١٢٣٤٥٦", "' OR 1=1 --", "%00"]


def test_hostile_codes_get_an_error_not_a_server_error_and_change_nothing(
    editor, django_user_model
):
    from django.test import Client

    client = Client(raise_request_exception=False)
    device = enrolled(editor, codes=("k2zq4aa7mn",))
    sign_in(client, editor)
    for code in HOSTILE:
        assert client.post(VERIFY, {"code": code}).status_code == 200, code
        assert client.get(f"{VERIFY}?next={code}").status_code == 200, code
    assert client.post(VERIFY, {}).status_code == 200
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.confirmed and StaticToken.objects.count() == 1
    newcomer = person(django_user_model, "nina", EDITORS)
    client = Client(raise_request_exception=False)
    sign_in(client, newcomer)
    for code in HOSTILE:
        assert client.post(ENROL, {"code": code}).status_code == 200, code
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()
