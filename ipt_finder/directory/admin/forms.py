"""Forms used only by the admin."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from ..models import SlidingScaleTier


class SlidingScaleTierFormSet(BaseInlineFormSet):
    """Checks the submitted tiers against each other, as they will be saved.

    A row on its own would be compared with the tiers already saved, which are
    about to change: moving a boundary between two tiers would look like an
    overlap. So rows skip that check here and the set is judged as a whole;
    PostgreSQL's deferred exclusion constraint checks the result at commit.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.checked_with_siblings = True
        return form

    def clean(self):
        super().clean()
        tiers = [
            form.instance
            for form in self.forms
            # Blank extra rows have no cleaned data; rows with their own errors
            # are already reported.
            if form.cleaned_data and not form.errors and not form.cleaned_data.get("DELETE")
        ]
        if problems := SlidingScaleTier.check_tiers(tiers):
            raise ValidationError(problems)
