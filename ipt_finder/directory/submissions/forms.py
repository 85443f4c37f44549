"""Forms for a therapist's own submission: a new listing, or a correction to one."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory

from ipt_finder.directory.models import Credential, IPTTraining, Therapist
from ipt_finder.directory.web.spam import SpamResistantForm

# How the form is laid out, in the order a therapist thinks about it.
SECTIONS = [
    (
        "About you",
        ["name", "pronouns", "profession", "licence_type", "npi", "years_in_practice",
         "ipt_years", "ipt_courses_completed"],
    ),
    (
        "How you work",
        ["bio", "approach", "first_session", "conditions", "age_groups", "adaptations",
         "offers_individual", "offers_group", "offers_couples", "session_minutes",
         "course_sessions_min", "course_sessions_max", "offers_maintenance",
         "maintenance_frequency", "medication"],
    ),
    ("Language and community", ["languages", "communities"]),
    (
        "Where and when",
        ["telehealth_video", "telehealth_phone", "telehealth_states", "accepting",
         "evening_hours", "weekend_hours"],
    ),
    (
        "Fees",
        ["fee", "consultation", "consultation_fee", "sliding_scale", "sliding_scale_min_fee",
         "superbills"],
    ),
    ("Contact details for clients", ["email", "phone", "website", "booking_url"]),
]  # fmt: skip
LISTING_FIELDS = [name for _, names in SECTIONS for name in names]
CHECKBOXES = ["conditions", "age_groups", "adaptations", "languages", "communities"]


class ListingForm(forms.ModelForm):
    """The listing's own fields; also used to apply an accepted correction."""

    class Meta:
        model = Therapist
        fields = LISTING_FIELDS
        widgets = {
            **{name: forms.CheckboxSelectMultiple for name in CHECKBOXES},
            "bio": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 3}),
            "first_session": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "telehealth_states": "The states where you are licensed to see clients remotely.",
            "bio": "A few sentences for people looking for help, in your own words.",
        }


class SubmissionForm(SpamResistantForm, ListingForm):
    """The public form: the listing, who is sending it, and spam resistance."""

    submitter_name = forms.CharField(label="Your name", max_length=120)
    submitter_email = forms.EmailField(
        label="Your e-mail",
        help_text="Only curators see this, to ask about your submission.",
    )
    note = forms.CharField(
        label="Anything our curators should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I am this therapist, or act for them, and these details are true.",
        error_messages={"required": "Please confirm that the details are yours and true."},
    )

    class Meta(ListingForm.Meta):
        pass

    def listing_data(self):
        """The listing fields as submitted, to store and to apply later with ListingForm."""
        return {name: self[name].data for name in LISTING_FIELDS}


class CredentialForm(forms.ModelForm):
    class Meta:
        model = Credential
        fields = ["kind", "title", "number", "issuer", "jurisdiction", "issued_on", "expires_on"]
        labels = {"issuer": "Issued by"}
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, listing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing

    def validate_constraints(self):
        data = self.cleaned_data
        restated = self.listing and (
            Credential.objects.filter(
                therapist=self.listing,
                issuer=data.get("issuer"),
                jurisdiction=data.get("jurisdiction", ""),
                number=data.get("number", ""),
            )
            .exclude(number="")
            .first()
        )
        if restated:
            # A correction may restate a credential the listing holds: check it as that row.
            self.instance.pk = restated.pk
            self.instance._state.adding = False
        super().validate_constraints()


class IPTTrainingForm(forms.ModelForm):
    class Meta:
        model = IPTTraining
        fields = ["level", "completed_on", "hours", "certificate_reference", "expires_on"]
        labels = {"expires_on": "Renew by"}
        widgets = {
            "completed_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }


class RowsFormSet(BaseModelFormSet):
    """New rows only, with no two the same."""

    key = ()

    def __init__(self, *args, listing=None, **kwargs):
        kwargs.setdefault("queryset", self.model.objects.none())
        self.listing = listing
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if issubclass(self.form, CredentialForm):
            return {"listing": self.listing}
        return {}

    def filled(self):
        return [f for f in self.forms if f.has_changed() and f.cleaned_data]

    def clean(self):
        super().clean()
        keys = [tuple(f.cleaned_data.get(k) for k in self.key) for f in self.filled()]
        if len(keys) != len(set(keys)):
            raise ValidationError("The same one is listed twice.")

    def rows_data(self):
        return [{name: form[name].data for name in form._meta.fields} for form in self.filled()]


class CredentialFormSet(RowsFormSet):
    key = ("issuer", "jurisdiction", "number")


class IPTTrainingFormSet(RowsFormSet):
    key = ("level", "completed_on")


def rows_formset(model, form, formset, prefix, new_listing, **kwargs):
    """A new listing must give at least one row; a correction may add two."""
    factory = modelformset_factory(
        model,
        form=form,
        formset=formset,
        extra=1 if new_listing else 2,
        min_num=1 if new_listing else 0,
        validate_min=new_listing,
    )
    return factory(prefix=prefix, **kwargs)


def credential_formset(new_listing, **kwargs):
    return rows_formset(
        Credential, CredentialForm, CredentialFormSet, "credentials", new_listing, **kwargs
    )


def training_formset(new_listing, **kwargs):
    return rows_formset(
        IPTTraining, IPTTrainingForm, IPTTrainingFormSet, "ipt_trainings", new_listing, **kwargs
    )
