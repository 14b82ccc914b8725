from django import forms

from collabkb.models.suggestions import TEXT_MAX


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label="What is wrong, and where the source says otherwise",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Please write what is wrong: the text is empty.",
            "max_length": "Please keep it to %(limit_value)d characters: it has %(show_value)d.",
        },
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "This does not look like an e-mail address. "
            "Correct it, or leave the field empty.",
            "max_length": "An e-mail address has at most %(limit_value)d characters.",
        },
    )
    # The trap: hidden from people by the stylesheet, filled by form-filling robots.
    website = forms.CharField(required=False)

    def is_a_robot(self):
        return bool(self.data.get("website", "").strip())
