"""Spam resistance for public forms: a honeypot field and a minimum fill-in time."""

import time

from django import forms
from django.core import signing

SALT = "ipt_finder.form-started"
MIN_SECONDS = 3
MAX_AGE = 60 * 60 * 24


class SpamResistantForm(forms.Form):
    """Mix in: a field only bots fill, and a signed start time that must look human."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=SALT)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean_started(self):
        try:
            started = signing.loads(self.cleaned_data["started"], salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                "This form has expired. Please reload the page and try again."
            ) from error
        if time.time() - float(started) < MIN_SECONDS:
            raise forms.ValidationError(
                "That was quicker than a person can type. Please try again."
            )
        return started
