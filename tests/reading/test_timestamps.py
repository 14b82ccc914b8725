import pytest

from collabkb.text.timestamps import (
    TimestampError,
    candidate_readings,
    format_seconds,
    resolve,
    video_url,
)


@pytest.mark.parametrize(
    "label, second",
    [("27:33:00", 1653), ("07:39:00", 459), ("00:21:00", 21), ("27:33", 1653)],
)
def test_it_reads_mm_ss_00_as_minutes_and_seconds(label, second):
    reading = resolve(label)
    assert (reading.second, reading.needs_review) == (second, False)


def test_it_reads_a_first_part_over_nine_as_minutes():
    reading = resolve("37:51:30")
    assert (reading.second, reading.needs_review) == (37 * 60 + 51, False)


def test_it_reads_an_ambiguous_label_as_hours_and_marks_it():
    reading = resolve("01:19:57")
    assert (reading.second, reading.needs_review) == (3600 + 19 * 60 + 57, True)


def test_it_uses_the_order_of_a_passage_when_only_one_reading_fits():
    # The opening paragraphs run 0:10, 0:21: 00:10:48 lies before 00:21:00.
    reading = resolve("00:10:48", before=21)
    assert (reading.second, reading.needs_review) == (10, True)
    reading = resolve("01:18:21", after=34, before=136)
    assert (reading.second, reading.needs_review) == (78, True)


def test_it_keeps_hours_when_the_order_does_not_decide():
    assert resolve("01:08:04", after=352).second == 4084


@pytest.mark.parametrize("label", ["", "27", "27:61:00", "1:2:3:4", "aa:bb:cc", "-1:00"])
def test_it_refuses_what_is_not_a_timestamp(label):
    with pytest.raises(TimestampError):
        candidate_readings(label)


@pytest.mark.parametrize(
    "second, shown", [(0, "0:00"), (10, "0:10"), (1653, "27:33"), (4797, "1:19:57")]
)
def test_it_formats_seconds_as_a_person_reads_them(second, shown):
    assert format_seconds(second) == shown


def test_it_links_to_the_moment_in_the_video():
    assert video_url("nGjuo-7sUXM", 1653) == ("https://www.youtube.com/watch?v=nGjuo-7sUXM&t=1653s")
