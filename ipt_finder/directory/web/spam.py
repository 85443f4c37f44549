"""Spam resistance for public forms: a honeypot field and a minimum fill-in time."""

import time

from django import forms
from django.core import signing

SALT = "ipt_finder.form-started"
MIN_SECONDS = 3
MAX_AGE = 60 * 60 * 24
HONEYPOT_MESSAGE = (
    "This looked like an automated submission, so it was not sent. "
    "If a browser extension filled in the form for you, please type it in yourself."
)


class SpamResistantForm(forms.Form):
    """Mix in: a field only bots fill, and a signed start time that must look human."""

    # Named so that no browser autofills it and no model field clashes with it.
    fax = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=SALT)

    def clean(self):
        data = super().clean()
        # Said at the top of the form: the field itself is out of sight.
        if data.get("fax"):
            raise forms.ValidationError(HONEYPOT_MESSAGE)
        return data

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
