"""A listing's profile and the visitor's report that it is out of date."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.views.generic import DetailView

from ipt_finder.directory.models import Credential, IPTTraining, Therapist
from ipt_finder.directory.profiles.forms import ReportForm
from ipt_finder.directory.web import ratelimit


class TherapistDetailView(DetailView):
    template_name = "directory/profiles/profile.html"

    def get_queryset(self):
        # Built per request: "verified" depends on today's date.
        return (
            Therapist.objects.published()
            .annotate_verified_licence()
            .prefetch_related(
                Prefetch("credentials", Credential.objects.select_related("issuer")),
                Prefetch("ipt_trainings", IPTTraining.objects.order_by("-rung", "-completed_on")),
                "cultural_trainings",
                "locations",
                "sliding_scale_tiers",
                "problem_areas",
                "languages",
                "communities",
                "conditions",
                "age_groups",
                "adaptations",
                "traits",
                "ethnicities",
                "telehealth_states",
                "insurance_plans__insurer",
                "payment_methods",
                "organisations",
            )
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("report_form", ReportForm())
        return super().get_context_data(**kwargs)


class ReportView(TherapistDetailView):
    """Takes a visitor's report of outdated information on a listing."""

    http_method_names = ["post"]
    limit, window = 5, 60 * 60

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = ReportForm(request.POST)
        if not (form.is_valid() and form.claim()):
            return self.render_to_response(self.get_context_data(report_form=form), status=400)
        # Only reports that would be stored count, so a person's typos never lock them out.
        if not ratelimit.allow(request, "report", self.limit, self.window):
            form.add_error(
                None, "We have had several reports from you recently. Please try again in an hour."
            )
            return self.render_to_response(self.get_context_data(report_form=form), status=429)
        form.instance.therapist = self.object
        form.save()
        # Shown in the report section, where the redirect scrolls to.
        messages.success(
            request, "Thank you. A curator will check this listing.", extra_tags="report"
        )
        return redirect(f"{self.object.get_absolute_url()}#report")
