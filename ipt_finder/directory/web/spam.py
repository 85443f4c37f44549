"""Spam resistance for public forms: a honeypot field, a minimum fill-in time,
and a start token that is good for one accepted submission."""

import hashlib
import time

from django import forms
from django.core import signing
from django.core.cache import cache

SALT = "ipt_finder.form-started"
MIN_SECONDS = 3
MAX_AGE = 60 * 60 * 24
HONEYPOT_MESSAGE = (
    "This looked like an automated submission, so it was not sent. "
    "If a browser extension filled in the form for you, please type it in yourself."
)
USED_MESSAGE = "This form has already been sent. Please reload the page to send another."


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

    def claim(self):
        """Spend the start token as the form is accepted: False, with an error, on a replay.

        Called by the view, not in clean(), so a form sent back to fix a mistake keeps it.
        """
        digest = hashlib.sha256(self.data["started"].encode()).hexdigest()
        if cache.add(f"spam-started:{digest}", 1, MAX_AGE):
            return True
        self.add_error(None, USED_MESSAGE)
        return False
