"""Reading query-string parameters that go into SQL as values."""

import re

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def clean(value, limit=200):
    """The value without control characters (PostgreSQL refuses NUL), trimmed."""
    return CONTROL_RE.sub("", str(value or ""))[:limit].strip()
