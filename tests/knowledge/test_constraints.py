"""Each database constraint refuses bad data, in the model and in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Participation
from challenges.models import Challenge, Level
from collabkb.models import Citation, Source
from practices.models import Practice
from tests import factories as f

pytestmark = pytest.mark.django_db


def assert_refused(instance, error_field=None):
    """full_clean() raises a ValidationError and save() an IntegrityError."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    if error_field:
        assert error_field in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_it_refuses_a_duplicate_challenge_slug():
    f.make_challenge(slug="role-clarity")
    duplicate = Challenge(title="Role clarity again", slug="role-clarity", summary="x")
    assert_refused(duplicate, "slug")
    assert Challenge.objects.filter(slug="role-clarity").count() == 1


@pytest.mark.parametrize(
    "make", [f.make_challenge, f.make_practice, f.make_case, f.make_organisation]
)
def test_it_refuses_duplicate_slugs_for_every_record_kind(make):
    record = make(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(slug="taken")
    assert type(record).objects.filter(slug="taken").count() == 1


def test_it_refuses_a_duplicate_source_slug():
    f.make_source(slug="catalyst")
    assert_refused(Source(slug="catalyst", title="Again", kind="report"), "slug")


def test_it_refuses_a_citation_with_two_locators():
    source = f.make_source()
    citation = Citation(
        source=source,
        key="both",
        timestamp_label="27:33:00",
        second=1653,
        locator_kind="table",
        locator="Table 3",
    )
    assert_refused(citation)
    assert not Citation.objects.filter(key="both").exists()


def test_it_refuses_a_citation_with_no_locator():
    assert_refused(Citation(source=f.make_source(), key="neither"))


def test_it_refuses_a_negative_second():
    video = f.make_source(kind=Source.Kind.VIDEO)
    assert_refused(Citation(source=video, key="neg", timestamp_label="0:01", second=-5))


def test_it_refuses_a_timestamp_label_that_does_not_parse():
    video = f.make_source(kind=Source.Kind.VIDEO)
    citation = Citation(source=video, key="bad", timestamp_label="27h33")
    with pytest.raises(ValidationError) as caught:
        citation.full_clean()
    assert "not a timestamp" in str(caught.value.message_dict["timestamp_label"])


def test_it_resolves_a_label_left_without_a_second():
    video = f.make_source(kind=Source.Kind.VIDEO)
    citation = Citation(source=video, key="ok", timestamp_label="01:19:57")
    citation.full_clean()
    assert (citation.second, citation.needs_review) == (4797, True)


def test_it_refuses_a_timestamp_on_a_report():
    report = f.make_source()
    citation = Citation(source=report, key="x", timestamp_label="1:00", second=60)
    with pytest.raises(ValidationError) as caught:
        citation.full_clean()
    assert "timestamp_label" in caught.value.message_dict


def test_it_refuses_a_duplicate_citation_key():
    citation = f.make_citation()
    copy = Citation(
        source=citation.source,
        key=citation.key,
        locator_kind="table",
        locator="Table 9",
    )
    assert_refused(copy, "key")


def test_it_makes_a_unique_key_for_a_citation_saved_without_one():
    report = f.make_source(slug="catalyst")
    first = Citation.objects.create(source=report, locator_kind="table", locator="Table 3")
    second = Citation.objects.create(source=report, locator_kind="table", locator="Table 3")
    assert (first.key, second.key) == ("catalyst-table-3", "catalyst-table-3-2")


def test_it_refuses_negative_mentions():
    assert_refused(Challenge(title="Risk", slug="risk", summary="x", mentions=-1))


def test_it_refuses_a_video_without_its_id():
    assert_refused(Source(slug="v", title="A video", kind="video"))


def test_it_refuses_a_number_without_a_series():
    practice = Practice(title="Lesson", slug="lesson", kind="lesson", number=1)
    assert_refused(practice)


def test_it_refuses_two_practices_with_one_number_in_a_series():
    series = f.make_series()
    f.make_practice(series=series, number=2)
    copy = Practice(title="Other", slug="other", kind="lesson", series=series, number=2)
    assert_refused(copy)


def test_it_refuses_a_number_zero():
    series = f.make_series()
    assert_refused(Practice(title="Z", slug="z", kind="step", series=series, number=0))


def test_it_refuses_an_organisation_twice_in_one_case():
    organisation = f.make_organisation()
    case = f.make_case(organisations=[organisation])
    assert_refused(Participation(case=case, organisation=organisation))


def test_it_offers_exactly_the_four_levels_of_the_report_in_their_order():
    f.level("individual")  # made again if a transactional test flushed them
    assert [level.slug for level in Level.objects.all()] == [
        "individual",
        "project",
        "organisation",
        "environment",
    ]
