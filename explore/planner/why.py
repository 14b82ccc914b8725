"""Why an item is in a plan, in words: a practice's basis and fit, a proposed
challenge's evidence. The words are templates (``explore/_why_*.txt``); the
page, the Markdown and the JSON all read them from here, as plain text."""

import re

from django.template.loader import render_to_string

BEFORE_MARK = re.compile(r"\s+([;.,)])")  # a template's line break before a mark
STOP_BEFORE_MARK = re.compile(r"\.(?=[;.])")  # a curator's reason ending in a full stop


def _text(template, context):
    text = BEFORE_MARK.sub(r"\1", " ".join(render_to_string(template, context).split()))
    return STOP_BEFORE_MARK.sub("", text)


def practice(ranked, plan):
    """“Table 3 (Catalyst report) gives it for this challenge; shown by 2 cross-border cases …”."""
    return _text("explore/_why_practice.txt", {"ranked": ranked, "plan": plan})


def challenge(item, plan):
    """Why a challenge is proposed for “not sure”."""
    return _text("explore/_why_challenge.txt", {"item": item, "plan": plan})
