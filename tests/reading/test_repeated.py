"""A partial repeated for a long list prints what the template itself prints."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils.safestring import mark_safe

from collabkb.maps.drawing import BOX
from collabkb.text.repeated import Partial

AWKWARD = ["Quotes \" and '", "<b>tags</b> & ampersands", mark_safe("<em>safe</em>"), 0, 42]


@pytest.mark.parametrize(
    "template, fields, context",
    [
        ("partials/option.html", ("value", "label"), {"selected": True}),
        ("partials/option.html", ("value", "label"), {"selected": False}),
        ("partials/choice.html", ("value", "label"), {"kind": "radio", "name": "a&b"}),
        ("partials/map_box.svg", BOX, {"current": True, "width": 250, "height": 24}),
        ("partials/map_list_item.html", ("url", "title"), {"far": True}),
        ("partials/place_record.html", ("kind", "url", "title"), {}),
        ("partials/place_records.html", ("items",), {"cited": True}),
        ("partials/place_records.html", ("items",), {"cited": False}),
        ("explore/_plan_cite.html", ("url", "place"), {"later": True}),
        ("explore/_plan_cites.html", ("links",), {"more": 0}),
        ("explore/_plan_cites.html", ("links",), {"more": 2}),
    ],
)
def test_a_filled_partial_is_the_template_rendered(template, fields, context):
    partial = Partial(template, fields, **context)
    for value in AWKWARD:
        values = dict.fromkeys(fields, value)
        assert partial.fill(**values) == render_to_string(template, {**context, **values}).strip()


BAD = {"bad.html": "<b>{{ label|upper }}</b>", "cut.html": "<b>{{ label|truncatechars:3 }}</b>"}
BRACES = {"braces.html": "<b data-x='{0} {label}'>{{ label }}</b>{}"}
IN_MEMORY = override_settings(
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", BAD | BRACES)]},
        }
    ]
)


@IN_MEMORY
def test_braces_in_a_partial_are_printed_as_they_are():
    filled = Partial("braces.html", ("label",)).fill(label="{x} & y")
    assert filled == "<b data-x='{0} {label}'>{x} &amp; y</b>{}"


@IN_MEMORY
@pytest.mark.parametrize("name", BAD)
def test_a_partial_that_changes_a_field_is_refused(name):
    with pytest.raises(ImproperlyConfigured, match="plainly"):
        Partial(name, ("label",))
