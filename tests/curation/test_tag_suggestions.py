"""A record's tags field suggests the tags that exist; a new name still makes a new tag."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from challenges.models import Challenge
from tests import factories as f
from tests.admin_forms import post_form

pytestmark = pytest.mark.django_db


def test_it_suggests_the_existing_tags_in_the_record_form(admin_client):
    f.make_case(tags=["data sharing"])
    f.make_practice(tags=["trust"])

    page = admin_client.get(reverse("admin:challenges_challenge_add")).content.decode()

    assert 'list="id_tags-names"' in page
    assert '<datalist id="id_tags-names"><option value="data sharing"><option value="trust">' in (
        page
    )
    assert "js/admin-tags.js" in page


def test_it_keeps_an_existing_tag_and_makes_a_new_one(admin_client):
    f.make_practice(tags=["trust"])
    challenge = f.make_challenge(title="Weak ties")
    change = reverse("admin:challenges_challenge_change", args=[challenge.pk])

    response = post_form(admin_client, change, "challenge_form", tags="trust, distance")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(t.name for t in Challenge.objects.get(pk=challenge.pk).tags.all()) == [
        "distance",
        "trust",
    ]
    assert Tag.objects.filter(name="trust").count() == 1
