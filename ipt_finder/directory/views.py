from django.views.generic import DetailView, TemplateView

from .models import Therapist


class HomeView(TemplateView):
    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        published = Therapist.objects.published()
        return super().get_context_data(
            therapist_count=published.count(),
            recently_reviewed=published.exclude(reviewed_on=None)
            .order_by("-reviewed_on", "name")
            .prefetch_related("languages")[:6],
            **kwargs,
        )


class TherapistDetailView(DetailView):
    queryset = Therapist.objects.published()
