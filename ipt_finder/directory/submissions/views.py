"""Public self-submission: a therapist lists their practice or corrects their listing.

Nothing here publishes anything. A new listing is saved as pending review, and
a correction is kept aside, unapplied, for a curator to compare and accept.
"""

from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from ipt_finder.directory.choices import Status
from ipt_finder.directory.curation import services as curation
from ipt_finder.directory.curation import slugs
from ipt_finder.directory.models import Submission, Therapist
from ipt_finder.directory.submissions.forms import (
    LISTING_FIELDS,
    SECTIONS,
    SubmissionForm,
    credential_formset,
    training_formset,
)
from ipt_finder.directory.web import ratelimit


@transaction.atomic
def save_new_listing(form, credentials, trainings):
    """The listing, its rows, the submission and the first history entry; all or nothing."""
    today = timezone.localdate()
    therapist = form.save(commit=False)
    therapist.status = Status.PENDING
    therapist.confirmed_on = therapist.accepting_confirmed_on = today
    slugs.save_new_listing(therapist)
    form.save_m2m()
    for row in [*credentials.filled(), *trainings.filled()]:
        record = row.save(commit=False)
        record.therapist = therapist
        record.save()
    submission = Submission.objects.create(
        kind=Submission.Kind.NEW,
        therapist=therapist,
        data=submission_data(form, credentials, trainings),
        **submitter(form),
    )
    curation.record_new_listing(therapist, "Submitted by the therapist")
    return submission


def save_correction(listing, form, credentials, trainings):
    return Submission.objects.create(
        kind=Submission.Kind.CORRECTION,
        therapist=listing,
        data=submission_data(form, credentials, trainings),
        **submitter(form),
    )


def submission_data(form, credentials, trainings):
    return {
        "listing": form.listing_data(),
        "credentials": credentials.rows_data(),
        "ipt_trainings": trainings.rows_data(),
    }


def submitter(form):
    data = form.cleaned_data
    return {
        "submitter_name": data["submitter_name"],
        "submitter_email": data["submitter_email"],
        "note": data["note"],
    }


class SubmissionView(TemplateView):
    """A new listing at /submit/, or a correction at /therapists/<slug>/correct/."""

    template_name = "directory/submissions/form.html"
    limit, window = 5, 60 * 60

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        slug = kwargs.get("slug")
        self.listing = get_object_or_404(Therapist.objects.published(), slug=slug) if slug else None

    def build_forms(self, data=None):
        new = self.listing is None
        initial = None if new else model_to_dict(self.listing, fields=LISTING_FIELDS)
        return (
            SubmissionForm(data, initial=initial),
            credential_formset(new, data=data, listing=self.listing),
            training_formset(new, data=data),
        )

    def get_context_data(self, forms=None, **kwargs):
        form, credentials, trainings = forms or self.build_forms()
        formsets = [credentials, trainings]
        return super().get_context_data(
            listing=self.listing,
            form=form,
            sections=[(title, [form[name] for name in names]) for title, names in SECTIONS],
            credentials=credentials,
            trainings=trainings,
            has_errors=bool(form.errors) or any(not f.is_valid() for f in formsets if f.is_bound),
            on_file=self.on_file(),
            **kwargs,
        )

    def on_file(self):
        if self.listing is None:
            return None
        return {
            "credentials": list(self.listing.credentials.select_related("issuer")),
            "ipt_trainings": list(self.listing.ipt_trainings.all()),
        }

    def post(self, request, *args, **kwargs):
        forms = self.build_forms(request.POST)
        form, credentials, trainings = forms
        valid = all([form.is_valid(), credentials.is_valid(), trainings.is_valid()])
        if not (valid and form.claim()):
            return self.render_to_response(self.get_context_data(forms=forms), status=400)
        # Only accepted submissions count, so fixing a mistake never uses up the limit.
        if not ratelimit.allow(request, "submission", self.limit, self.window):
            form.add_error(
                None, "We have had several submissions from you recently. Please try again later."
            )
            return self.render_to_response(self.get_context_data(forms=forms), status=429)
        if self.listing is None:
            save_new_listing(form, credentials, trainings)
        else:
            save_correction(self.listing, form, credentials, trainings)
        return redirect("directory:submit-done")


class SubmissionDoneView(TemplateView):
    template_name = "directory/submissions/done.html"
