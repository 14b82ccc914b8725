"""Why an item is in a plan, and what a practice says to do, in words.

Why: a practice's basis and fit, a proposed challenge's evidence. The words
are templates (``explore/_why_*.txt``); the page, the Markdown and the JSON
all read them from here, as plain text. What to do: the first sentence of
the practice's summary, which is in our own words already.
"""

import re

from django.template.loader import render_to_string

BEFORE_MARK = re.compile(r"\s+([;.,)])")  # a template's line break before a mark
STOP_BEFORE_MARK = re.compile(r"\.(?=[;.])")  # a curator's reason ending in a full stop
# A sentence ends at a full stop after a small letter, a figure or a closing
# mark, before a capital: not after “U.S.” or “NYU.”, so never mid-name.
SENTENCE_END = re.compile(r"(?<=[a-z0-9)’”\"][.!?])\s+(?=[A-Z“‘\"(])")


def _text(template, context):
    text = BEFORE_MARK.sub(r"\1", " ".join(render_to_string(template, context).split()))
    return STOP_BEFORE_MARK.sub("", text)


def practice(ranked, plan):
    """“Table 3 (Catalyst report) gives it for this challenge; 2 cross-border cases show it …”."""
    return _text("explore/_why_practice.txt", {"ranked": ranked, "plan": plan})


def challenge(item, plan):
    """Why a challenge is proposed for “not sure”."""
    return _text("explore/_why_challenge.txt", {"item": item, "plan": plan})


def to_do(practice):
    """What the practice says to do, in a sentence: its summary's first."""
    summary = " ".join(practice.summary.split())
    return SENTENCE_END.split(summary, maxsplit=1)[0]
