"""Forms for the cost of a course: income, household, insurer and budget, shared with the match."""

from django import forms

from ipt_finder.directory.costs.estimates import MAX_MAINTENANCE_MONTHS
from ipt_finder.directory.models import Condition, Insurer, Language
from ipt_finder.directory.places.forms import PlaceForm
from ipt_finder.directory.search.filters import MAX_MONEY
from ipt_finder.directory.search.vocabularies import blank, vocabulary

MAX_INCOME = 10_000_000


MAX_HOUSEHOLD = 20


def money(label, max_value=MAX_MONEY, required=False, **kwargs):
    return forms.IntegerField(
        label=label, min_value=0, max_value=max_value, required=required, **kwargs
    )


class LabelsMixin(forms.Form):
    def labels(self, name=None):
        """Choice labels by value, for one field or (by field name) for all."""
        labels = {
            field_name: {str(value): str(label) for value, label in field.choices}
            for field_name, field in self.fields.items()
            if hasattr(field, "choices")
        }
        return labels if name is None else labels.get(name, {})


class HouseholdMixin(LabelsMixin, forms.Form):
    """Household income and size for the sliding scale: used for the sum, never stored."""

    income = money(
        "Yearly household income ($)",
        max_value=MAX_INCOME,
        help_text="Before tax. Only used to find your sliding-scale tier.",
    )
    household = forms.IntegerField(
        label="People in your household",
        min_value=1,
        max_value=MAX_HOUSEHOLD,
        required=False,
    )

    def clean(self):
        data = super().clean()
        income, household = data.get("income"), data.get("household")
        if income is not None and household is None and "household" not in self.errors:
            self.add_error("household", "Give your household size too, to find your tier.")
        if household is not None and income is None and "income" not in self.errors:
            self.add_error("income", "Give your household income too, to find your tier.")
        return data


class CostForm(HouseholdMixin, forms.Form):
    insurer = forms.ChoiceField(
        label="My insurer",
        choices=blank(vocabulary(Insurer), "I won't use insurance"),
        required=False,
    )
    months = forms.IntegerField(
        label="Months of maintenance sessions after the course",
        min_value=0,
        max_value=MAX_MAINTENANCE_MONTHS,
        required=False,
        help_text="Maintenance IPT helps prevent relapse; it is usually monthly.",
    )

    def clean_insurer(self):
        slug = self.cleaned_data.get("insurer")
        return Insurer.objects.filter(slug=slug).first() if slug else None


class LowCostForm(HouseholdMixin, PlaceForm):
    budget = money("What can you pay per session? ($)", required=True)
    # Carried from a search, to list the sliding scales that suit the person first.
    language = forms.ChoiceField(
        label="Language of sessions",
        choices=blank(vocabulary(Language, "code"), "Any language"),
        required=False,
    )
    condition = forms.ChoiceField(
        label="Help with", choices=blank(vocabulary(Condition), "Anything"), required=False
    )
