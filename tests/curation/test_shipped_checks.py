"""The shipped content passes the checks before publishing."""

import pytest

from collabkb.curation import checks
from collabkb.kinds import registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


@pytest.mark.parametrize("name", ["challenges", "practices", "cases", "organisations"])
def test_every_shipped_published_record_passes_every_check(name):
    records = list(registry.get(name).model.objects.published())
    assert records
    found = checks.problems_of(records)
    assert {record.slug: found[record.pk] for record in records if found[record.pk]} == {}


def test_a_shipped_case_s_organisations_are_published_already():
    for case in registry.get("cases").model.objects.published():
        assert checks.companions(case) == [], case.slug
