"""Form choices built in Python escape what they print, as a template would."""

from django.utils.safestring import mark_safe

from collabkb.web.options import choices, options


def test_checkboxes_escape_values_and_labels_and_check_the_picked():
    html = choices("country", [("A&B", "<b>A & B</b>"), ("C", "C")], {"C"})
    assert html == (
        '<label class="choice"><input type="checkbox" name="country" value="A&amp;B"> '
        "&lt;b&gt;A &amp; B&lt;/b&gt;</label>\n"
        '<label class="choice"><input type="checkbox" name="country" value="C" checked> '
        "C</label>"
    )


def test_radios_and_options_keep_a_label_already_marked_safe():
    assert 'type="radio"' in choices("stage", [("", "Not sure")], {""}, kind="radio")
    html = options([('x"y', mark_safe("<em>X</em>")), ("z", "Z")], "z")
    assert html == (
        '<option value="x&quot;y"><em>X</em></option><option value="z" selected>Z</option>'
    )
