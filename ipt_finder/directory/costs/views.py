"""Views for the cost of a whole course and the free or low-cost path."""

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from ipt_finder.directory.costs import estimates as costs
from ipt_finder.directory.costs import lowcost
from ipt_finder.directory.costs.forms import CostForm, LowCostForm
from ipt_finder.directory.models import Therapist

CARRIED_TO_COST = ("income", "household", "insurer")


@method_decorator(never_cache, name="dispatch")
class TherapistCostView(DetailView):
    """A good-faith-style estimate of a whole course with one therapist."""

    template_name = "directory/costs/estimate.html"
    queryset = Therapist.objects.published().prefetch_related(
        "sliding_scale_tiers", "insurance_plans__insurer"
    )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = CostForm(request.GET)
        valid = form.is_valid()
        data = form.cleaned_data if valid else {}
        context = self.get_context_data(
            form=form,
            estimates=costs.estimates(
                self.object,
                data.get("income"),
                data.get("household"),
                data.get("insurer"),
                data.get("months") or 0,
            ),
            excluded=costs.EXCLUDED,
        )
        return self.render_to_response(context, status=200 if valid else 400)


@method_decorator(never_cache, name="dispatch")
class LowCostView(View):
    """Sliding scales that fit a budget, and free or low-cost organisations near the person."""

    def get(self, request):
        if not request.GET.get("budget"):
            # Linked from a search without a budget: ask for one, keeping what it carried.
            form = LowCostForm(initial=request.GET.dict())
            return render(
                request, "directory/costs/low_cost.html", {"form": form, "low_cost": None}
            )
        form = LowCostForm(request.GET)
        if not form.is_valid():
            context = {"form": form, "low_cost": None}
            return render(request, "directory/costs/low_cost.html", context, status=400)
        data = form.cleaned_data
        path = lowcost.low_cost_path_for(data)
        return render(request, "directory/costs/low_cost.html", {"form": form, "low_cost": path})
