from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from .models import Credential, IPTTraining, Therapist


class HomeView(TemplateView):
    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        published = Therapist.objects.published()
        return super().get_context_data(
            therapist_count=published.count(),
            recently_reviewed=published.exclude(reviewed_on=None)
            .annotate_verified_licence()
            .order_by("-reviewed_on", "name")
            .prefetch_related("languages")[:6],
            **kwargs,
        )


class TherapistDetailView(DetailView):
    queryset = (
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
            "telehealth_states",
            "insurance_plans__insurer",
            "payment_methods",
            "organisations",
        )
    )
