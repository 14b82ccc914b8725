"""An editor sets up the second factor in a real browser, within the Content-Security-Policy."""

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from collabkb.curation.roles import EDITORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def test_an_editor_enrols_with_the_qr_page_and_reaches_the_admin(
    live_server, page, django_user_model, settings
):
    settings.STAFF_2FA_REQUIRED = True
    user = django_user_model.objects.create_user("edith", "e@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Set up a second factor").wait_for()
    qr = page.get_by_alt_text("QR code of the setup address")
    qr.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 100", qr.element_handle())
    device = TOTPDevice.objects.get(user=user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your second factor is set up").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Continue to the admin").click()
    page.get_by_role("heading", name="What waits for you").wait_for()
