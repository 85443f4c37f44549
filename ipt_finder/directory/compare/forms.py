"""The comparison's form: which listings, and the cost answers carried over."""

from django import forms

from ipt_finder.directory.compare.shortlist import MAX_ITEMS
from ipt_finder.directory.costs.forms import CostForm
from ipt_finder.directory.match.forms import MatchForm


class SlugList(forms.Field):
    """Therapists to compare, by slug: at most MAX_ITEMS, duplicates dropped."""

    widget = forms.MultipleHiddenInput
    validate_slug = forms.SlugField(max_length=140).clean

    def to_python(self, value):
        slugs = list(dict.fromkeys(self.validate_slug(v) for v in value or [] if v))
        if len(slugs) > MAX_ITEMS:
            raise forms.ValidationError(f"Compare up to {MAX_ITEMS} therapists at a time.")
        return slugs


class CompareForm(CostForm):
    t = SlugList(required=False)
    condition = MatchForm.base_fields["condition"]
    problem_area = MatchForm.base_fields["problem_area"]
