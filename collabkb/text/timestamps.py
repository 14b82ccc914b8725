"""Reading the timestamp labels of video notes.

A label comes in one of two shapes. Most are ``mm:ss:00`` (``27:33:00`` is
27 min 33 s into the video); others look like ``hh:mm:ss`` (``01:19:57``).
The rule, documented in docs/content.md:

0. ``h:mm:ss`` with a one-digit hour (``1:14:05``) is how a person writes an
   hour; the notes always write two digits. It is read exactly.
1. ``m:ss`` (two parts) is minutes and seconds.
2. Three parts ending in ``00`` are minutes and seconds (``27:33:00``).
3. Three parts whose first is 10 or more cannot be hours of a webinar, so
   they are minutes, seconds and a fraction (``37:51:30`` is 37:51).
4. Any other label fits both readings. It is read as ``hh:mm:ss`` unless the
   caller knows the seconds it must lie between (the timestamps around it in
   a paragraph that runs in time order) and only the minutes reading fits
   there. Either way the reading is a guess and is marked for review.
"""

import re
from dataclasses import dataclass

LABEL_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
MAX_HOUR_PART = 9


class TimestampError(ValueError):
    """A label that is not a timestamp."""


@dataclass(frozen=True)
class Reading:
    second: int
    needs_review: bool


def candidate_readings(label):
    """Return (minutes_reading, hours_reading or None) for a label."""
    match = LABEL_RE.match(label.strip()) if isinstance(label, str) else None
    if not match:
        raise TimestampError(f"{label!r} is not a timestamp: expected mm:ss, mm:ss:00 or hh:mm:ss")
    a, b, c = match.groups()
    a, b = int(a), int(b)
    if b >= 60:
        raise TimestampError(f"{label!r} is not a timestamp: {b} is not below 60")
    minutes = a * 60 + b
    if c is None or int(c) == 0 or a > MAX_HOUR_PART or int(c) >= 60:
        return minutes, None
    return minutes, a * 3600 + b * 60 + int(c)


def resolve(label, after=None, before=None):
    """Resolve a label to a second of the video.

    ``after`` and ``before`` are seconds the moment is known to lie between
    (inclusive), when the label sits in a passage that runs in time order.
    """
    minutes, hours = candidate_readings(label)
    if hours is None:
        return Reading(minutes, needs_review=False)
    if len(label.strip().split(":")[0]) == 1:
        return Reading(hours, needs_review=False)
    if after is not None or before is not None:
        fits = [
            second
            for second in (minutes, hours)
            if (after is None or second >= after) and (before is None or second <= before)
        ]
        if len(fits) == 1:
            return Reading(fits[0], needs_review=True)
    return Reading(hours, needs_review=True)


def format_seconds(second):
    """27:33 below an hour, 1:19:57 from an hour on."""
    hours, rest = divmod(int(second), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def format_hms(second):
    """1:02:03, and 0:27:33 below an hour: the form spreadsheets read as a duration."""
    hours, rest = divmod(int(second), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def video_url(video_id, second):
    return f"https://www.youtube.com/watch?v={video_id}&t={int(second)}s"
