"""The shipped content and the two source documents, for content tests."""

import os
import re

import pytest
from django.conf import settings

SOURCES = settings.BASE_DIR.parent / "shared" / "sources"
NOTES = SOURCES / "oecd-opsi-crossborder-collaboration-video-notes.md"
REPORT = SOURCES / "catalyst-project-cross-sector-collaboration-report.txt"
VIDEO_SLUG = "opsi-crossborder-collaboration-webinar"
REPORT_SLUG = "catalyst-project-report"


def source_text(path):
    if not path.exists():
        message = f"{path} not found: the source documents live in ../shared/sources/"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def squeeze(text):
    """Text with all white space removed, for comparing across line breaks."""
    return re.sub(r"\s+", "", text)
