"""A refusal in the admin is the site's own page: what happened, and where to go."""

import pytest
from django.test import Client
from django.urls import reverse

from collabkb.curation.roles import CONTRIBUTORS
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor():
    client = Client()
    client.force_login(f.make_curator("carla", CONTRIBUTORS))
    return client


def test_it_answers_a_refused_move_with_the_sites_page_and_the_reason(contributor):
    draft = f.make_challenge(title="Role clarity", status="draft")

    page = contributor.post(reverse("admin:challenges_challenge_move", args=[draft.pk, "publish"]))

    text = page.content.decode()
    assert page.status_code == 403
    assert "<h1>You may not do this</h1>" in text
    assert "Only an editor may publish." in text
    assert "nothing was changed" in text
    assert f'href="{reverse("admin:index")}"' in text
    assert 'class="site-header"' in text


def test_it_answers_a_refused_delete_with_the_sites_page(contributor):
    published = f.make_case(title="Catalyst project", status="published")

    page = contributor.get(reverse("admin:cases_case_delete", args=[published.pk]))

    assert page.status_code == 403
    assert "<h1>You may not do this</h1>" in page.content.decode()
