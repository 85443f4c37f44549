"""The place a person searches from, shared by the search, the guided match and the low-cost path."""

from django import forms

from ipt_finder.directory.choices import (
    USState,
)
from ipt_finder.directory.places import geo

RADIUS_CHOICES = [
    (5, "5 miles"),
    (10, "10 miles"),
    (25, "25 miles"),
    (50, "50 miles"),
    (100, "100 miles"),
]
DEFAULT_RADIUS = 25


class PlaceForm(forms.Form):
    """Where: near a ZIP code or city, or by telehealth in a state (the place's, unless
    one is chosen). Shared by search and the guided match."""

    near = forms.CharField(
        label="ZIP code or city",
        max_length=100,
        required=False,
        help_text="For example 10001, or Austin, TX.",
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
    )
    telehealth = forms.BooleanField(label="Video or phone sessions suit me", required=False)
    state = forms.ChoiceField(
        label="My state", choices=[("", "Choose a state"), *USState.choices], required=False
    )

    # Telehealth needs a state, unless the form can search every state.
    state_required = True

    def clean_near(self):
        return geo.clean_place(self.cleaned_data.get("near"))

    def clean(self):
        data = super().clean()
        if data.get("telehealth") and not data.get("state"):
            if data.get("near"):
                data["state"] = data["near"].state
            elif "near" not in self.errors and self.state_required:
                self.add_error(
                    "state", "Choose your state to find therapists who can see you online."
                )
        return data
