import io

import pytest
from django.core.management import call_command

from challenges.models import Challenge
from collabkb.models import Source

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_shipped_fixtures_into_an_empty_database():
    assert not Source.objects.exists()
    load("--if-empty")
    assert Source.objects.filter(kind="video", video_id="nGjuo-7sUXM").exists()
    assert Challenge.objects.published().exists()


def test_it_loads_nothing_when_the_database_holds_records():
    load("--if-empty")
    before = Challenge.objects.count()
    Challenge.objects.first().delete()
    assert "nothing loaded" in load("--if-empty")
    assert Challenge.objects.count() == before - 1
