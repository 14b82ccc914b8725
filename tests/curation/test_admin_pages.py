"""Every admin page of every registered model, opened by every staff role:
a page, a redirect or a refusal, never a server error.

The crawl reads the URL patterns of each registered ModelAdmin, so a new
model or view joins it; a pattern it does not know how to fill fails it.
A record of every registered kind has a history of two revisions (history,
compare and restore pages) and a deleted one (recover).
"""

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.kinds import registry
from collabkb.models import Status, Suggestion
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "own-draft contributor", "editor", "superuser"]
# Views taking a POST only, tried by every role in test_admin_guard.py.
POST_ONLY = {"move"}
# Sign-in records are written by sign-ins only; a device's secret is its owner's.
REFUSED_TO_A_SUPERUSER = {
    "axes_accessattempt_add",
    "axes_accesslog_add",
    "axes_accessfailurelog_add",
    "otp_totp_totpdevice_config",
    "otp_totp_totpdevice_qrcode",
    "collabkb_suggestion_add",  # readers send suggestions, from a record's page
}
# What a staff member may get: the page, a redirect, or the site's refusal.
FINE = {200, 302, 403}


def _saved_twice(record):
    """Two revisions of ``record``, as two saves through the admin make."""
    for summary in ("First words.", "Second words."):
        with reversion.create_revision():
            record.summary = summary
            record.save()


@pytest.fixture
def site():
    """People of every role, a linked set of every model, and a history for
    a published record and a contributor's draft of every kind, and a deleted
    record of every kind to recover."""
    people = {
        "contributor": f.make_curator("carla", CONTRIBUTORS),
        "own-draft contributor": f.make_curator("bruno", CONTRIBUTORS),
        "editor": f.make_curator("edith", EDITORS),
        "superuser": f.make_curator("root", superuser=True),
    }
    f.make_linked_set()
    records, drafts, deleted = {}, {}, {}
    for kind in registry:
        model = kind.model
        records[model] = model.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
        assert records[model] is not None, model
        make = getattr(f, f"make_{model.__name__.lower()}")
        drafts[model] = make(status=Status.DRAFT, created_by=people["own-draft contributor"])
        _saved_twice(records[model])
        _saved_twice(drafts[model])
        with reversion.create_revision():
            gone = make(status=Status.DRAFT)
        gone.delete()
        deleted[model] = Version.objects.get_deleted(model).first()
        assert deleted[model] is not None, model
    # Second factors of someone else (one of the crawler's own would ask for it).
    other = f.make_curator("otto")
    TOTPDevice.objects.create(user=other, name="phone")
    StaticDevice.objects.create(user=other, name="backup")
    where = {"ip_address": "127.0.0.1", "user_agent": "test", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(username="carla", failures_since_start=1, **where)
    AccessLog.objects.create(username="carla", **where)
    AccessFailureLog.objects.create(username="carla", **where)
    record = records[registry.get("cases").model]
    Suggestion.objects.create(page=record.get_absolute_url(), record=record, text="Wrong year.")
    return {"people": people, "records": records, "drafts": drafts, "deleted": deleted}


def pages(site, record_of):
    """(name, URL) of every GET admin page of every registered model, filled
    with a row of that model (for a record kind: ``record_of[model]``)."""
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"{meta.app_label}_{meta.model_name}_"
        row = record_of.get(model) or model._default_manager.order_by("pk").first()
        assert row is not None, f"no {meta.label} to open"
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name is None:
                continue
            view = name.removeprefix(prefix)
            if view in POST_ONLY:
                continue
            if view in ("changelist", "add", "recoverlist", "autocomplete"):
                args = []
            elif view in ("change", "delete", "history", "compare"):
                args = [row.pk]
            elif view == "revision":
                args = [row.pk, Version.objects.get_for_object(row).first().pk]
            elif view == "recover":
                args = [site["deleted"][model].pk]
            elif view in ("password_change", "config", "qrcode"):
                args = [row.pk]
            else:
                raise AssertionError(f"the crawl does not know how to open {name}")
            url = reverse(f"admin:{name}", args=args)
            if view == "autocomplete":
                url += "?app_label=challenges&model_name=challengecitation&field_name=citation"
            if view == "compare":
                older, newer = Version.objects.get_for_object(row).order_by("pk")[:2]
                url += f"?a={older.pk}&b={newer.pk}"
            yield name, url


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_opens_or_refuses_for_every_role(site, role):
    client = Client()
    client.force_login(site["people"][role])
    record_of = site["drafts"] if role == "own-draft contributor" else site["records"]
    answers = {}
    for name, url in pages(site, record_of):
        response = client.get(url)
        answers[name] = response.status_code
        assert response.status_code in FINE, f"{role}: {name} {url} {response.status_code}"
    # The crawl reached every view of every kind's history.
    for kind in registry:
        meta = kind.model._meta
        for view in ("history", "compare", "revision", "recover", "recoverlist"):
            assert f"{meta.app_label}_{meta.model_name}_{view}" in answers
    # A curator reads the history of every record, and compares and opens its versions.
    for kind in registry:
        meta = kind.model._meta
        for view in ("change", "history", "compare", "revision"):
            name = f"{meta.app_label}_{meta.model_name}_{view}"
            assert answers[name] == 200, f"{role}: {name}"
    if role == "superuser":
        refused = {name for name, code in answers.items() if code != 200}
        assert refused == REFUSED_TO_A_SUPERUSER
    if role == "editor":
        for kind in registry:
            meta = kind.model._meta
            assert answers[f"{meta.app_label}_{meta.model_name}_recover"] == 200
    if role.endswith("contributor"):
        for kind in registry:
            meta = kind.model._meta
            assert answers[f"{meta.app_label}_{meta.model_name}_recover"] == 403


def test_the_history_page_offers_the_compare_and_each_version(site):
    client = Client()
    client.force_login(site["people"]["editor"])
    for kind in registry:
        record = site["records"][kind.model]
        meta = kind.model._meta
        page = client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[record.pk])
        )
        text = page.content.decode()
        assert "Compare two versions" in text
        compare = reverse(f"admin:{meta.app_label}_{meta.model_name}_compare", args=[record.pk])
        assert compare in text
        for version in Version.objects.get_for_object(record):
            restore = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_revision", args=[record.pk, version.pk]
            )
            assert restore in text
            assert client.get(restore).status_code == 200
