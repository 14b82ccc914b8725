"""Playwright driving Debian's Chromium, for tests against live_server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
HOW_TO_GET_IT = (
    f"Chromium not found at {CHROMIUM}: install Debian's package with "
    "`sudo apt-get install chromium` (or set CHROMIUM=/path/to/chromium) "
    "to run the browser tests."
)


def launch_chromium(playwright):
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(HOW_TO_GET_IT + " In CI the browser tests must run.")
        pytest.skip(HOW_TO_GET_IT)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
