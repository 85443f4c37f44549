"""Views for the guided match, the shortlist, the comparison and the cost of a course.

None of them keeps the person's answers: they arrive in the query string (or,
for the shortlist, a signed cookie), and responses are marked not to be cached.
"""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from . import costs, lowcost
from .match_forms import STEPS, CompareForm, CostForm, LowCostForm, MatchForm
from .matching import CREDIT, CRITERIA, STATUS_LABELS, Match
from .models import IPTTraining, Therapist
from .shortlist import MAX_ITEMS, Shortlist, ShortlistFull

# Answers the comparison and the cost estimate take over from the match.
CARRIED_TO_COMPARE = ("condition", "problem_area", "income", "household", "insurer")
CARRIED_TO_COST = ("income", "household", "insurer")


def step_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), len(STEPS))


def render_step(request, form, step, status=200):
    return render(
        request,
        "directory/match_step.html",
        {
            "form": form,
            "step": step,
            "steps": STEPS,
            "questions": form.questions(step),
            "carried": form.carried(step),
            "previous": step.number - 1 if step.number > 1 else None,
            "next": STEPS[step.number] if step.number < len(STEPS) else None,
        },
        status=status,
    )


def subset(query, names):
    result = QueryDict(mutable=True)
    for name in names:
        if values := query.getlist(name):
            result.setlist(name, values)
    return result


@method_decorator(never_cache, name="dispatch")
class MatchView(View):
    """One step of the questionnaire; the buttons say which step comes next."""

    def get(self, request):
        if "step" not in request.GET:
            return render_step(request, MatchForm(), STEPS[0])
        form = MatchForm(request.GET)
        if not form.is_valid():
            return render_step(request, form, form.first_error_step(), status=400)
        go = request.GET.get("go") or request.GET.get("step")
        if go == "results":
            return redirect(f"{reverse('directory:match-results')}?{form.answers().urlencode()}")
        return render_step(request, form, STEPS[step_number(go) - 1])


@method_decorator(never_cache, name="dispatch")
class MatchResultsView(View):
    paginate_by = 10

    def get(self, request):
        form = MatchForm(request.GET)
        if not form.is_valid():
            return render_step(request, form, form.first_error_step(), status=400)
        data = form.cleaned_data
        match = Match(data, labels=form.labels())
        page = Paginator(match.results(), self.paginate_by).get_page(request.GET.get("page"))
        answers = form.answers()
        shortlist = Shortlist.from_request(request)
        compare = subset(answers, CARRIED_TO_COMPARE)
        compare.setlist("t", shortlist.slugs)
        context = {
            "form": form,
            "match": match,
            "page_obj": page,
            "results": match.explain(page.object_list),
            "answers": answers.urlencode(),
            "change_url": f"{reverse('directory:match')}?step=1&{answers.urlencode()}",
            "compare_url": f"{reverse('directory:compare')}?{compare.urlencode()}",
            "cost_query": subset(answers, CARRIED_TO_COST).urlencode(),
            "shortlist": shortlist,
            "criteria": CRITERIA,
            "credit": CREDIT,
            "status_labels": STATUS_LABELS,
        }
        if not page.paginator.count and match.requirements:
            context["dead_end"] = [
                (answer, count, form.answers(drop=[f"need_{answer.criterion.key}"]).urlencode())
                for answer, count in match.dead_end()
            ]
        squeeze = match.budget_squeeze()
        if squeeze and lowcost.squeezed(*squeeze):
            context["squeeze"] = squeeze
            context["low_cost"] = lowcost.low_cost_path(
                data["budget"],
                data.get("near"),
                data["radius"],
                data.get("state"),
                data.get("income"),
                data.get("household"),
            )
        return render(request, "directory/match_results.html", context)


@dataclass
class Column:
    therapist: Therapist
    estimates: list
    problem_area: object
    has_condition: bool | None
    remove_next: str


COMPARE_PREFETCH = (
    "credentials__issuer",
    "languages",
    "communities",
    "conditions",
    "traits",
    "problem_areas",
    "locations",
    "telehealth_states",
    "sliding_scale_tiers",
    "insurance_plans__insurer",
)


@method_decorator(never_cache, name="dispatch")
class CompareView(View):
    """Up to four published listings side by side, named in the URL so it can be shared."""

    def get(self, request):
        shortlist = Shortlist.from_request(request)
        if "t" not in request.GET and shortlist:
            query = request.GET.copy()
            query.setlist("t", shortlist.slugs)
            return redirect(f"{request.path}?{query.urlencode()}")
        form = CompareForm(request.GET)
        if not form.is_valid():
            context = {"form": form, "columns": [], "shortlist": shortlist, "max": MAX_ITEMS}
            return render(request, "directory/compare.html", context, status=400)
        data = form.cleaned_data
        slugs = data["t"]
        found = {
            therapist.slug: therapist
            for therapist in Therapist.objects.published()
            .filter(slug__in=slugs)
            .annotate_verified_licence()
            .annotate_rungs()
            .annotate_course_cost()
            .prefetch_related(
                *COMPARE_PREFETCH,
                Prefetch("ipt_trainings", IPTTraining.objects.order_by("-rung")),
            )
        }
        shown = [slug for slug in slugs if slug in found]
        columns = []
        for slug in shown:
            therapist = found[slug]
            rest = request.GET.copy()
            rest.setlist("t", [s for s in shown if s != slug])
            columns.append(
                Column(
                    therapist,
                    costs.estimates(
                        therapist,
                        data.get("income"),
                        data.get("household"),
                        data.get("insurer"),
                        data.get("months") or 0,
                    ),
                    next(
                        (
                            p
                            for p in therapist.problem_areas.all()
                            if p.area == data["problem_area"]
                        ),
                        None,
                    ),
                    any(c.slug == data["condition"] for c in therapist.conditions.all())
                    if data["condition"]
                    else None,
                    f"{request.path}?{rest.urlencode()}",
                )
            )
        context = {
            "form": form,
            "columns": columns,
            "shortlist": shortlist,
            "max": MAX_ITEMS,
            "share_url": request.build_absolute_uri(),
            "condition_label": form.labels("condition").get(data["condition"], ""),
            "problem_area_label": form.labels("problem_area").get(data["problem_area"], ""),
            "cost_query": subset(request.GET, ("income", "household", "insurer", "months")),
        }
        return render(request, "directory/compare.html", context)


class ShortlistForm(forms.Form):
    slug = forms.SlugField(max_length=140)
    replace = forms.SlugField(max_length=140, required=False)
    next = forms.CharField(max_length=2000, required=False)


class ShortlistChange(View):
    http_method_names = ["post"]

    def post(self, request):
        form = ShortlistForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("That shortlist change could not be made.")
        data = form.cleaned_data
        therapist = get_object_or_404(Therapist.objects.published(), slug=data["slug"])
        shortlist = Shortlist.from_request(request)
        next_url = data["next"]
        if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("directory:compare")
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            self.change(shortlist, data)
        except ShortlistFull:
            if wants_json:
                # The script then posts the form itself, to show the page below.
                return JsonResponse({"full": True})
            # A choice to make rather than an error, so a 200 (browsers log 4xx as errors).
            context = {"therapist": therapist, "shortlist": self.listed(shortlist)}
            context["next_url"] = next_url
            return render(request, "directory/shortlist_full.html", context)
        if wants_json:
            html = render_to_string(
                "directory/_shortlist_button.html",
                {
                    "therapist": therapist,
                    "shortlisted": therapist.slug in shortlist,
                    "next": next_url,
                },
                request=request,
            )
            message = self.message.format(name=therapist.name, count=len(shortlist), max=MAX_ITEMS)
            response = JsonResponse({"count": len(shortlist), "html": html, "message": message})
        else:
            response = redirect(next_url)
        shortlist.save(response)
        return response

    @staticmethod
    def listed(shortlist):
        found = {t.slug: t for t in Therapist.objects.published().filter(slug__in=shortlist.slugs)}
        return [found[slug] for slug in shortlist.slugs if slug in found]


class ShortlistAddView(ShortlistChange):
    message = "{name} is on your shortlist ({count} of {max})."

    def change(self, shortlist, data):
        shortlist.add(data["slug"], replace=data["replace"] or None)


class ShortlistRemoveView(ShortlistChange):
    message = "{name} is off your shortlist ({count} of {max})."

    def change(self, shortlist, data):
        shortlist.remove(data["slug"])


@method_decorator(never_cache, name="dispatch")
class TherapistCostView(DetailView):
    """A good-faith-style estimate of a whole course with one therapist."""

    template_name = "directory/therapist_cost.html"
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
        if not request.GET:
            return render(
                request, "directory/low_cost.html", {"form": LowCostForm(), "low_cost": None}
            )
        form = LowCostForm(request.GET)
        if not form.is_valid():
            context = {"form": form, "low_cost": None}
            return render(request, "directory/low_cost.html", context, status=400)
        data = form.cleaned_data
        path = lowcost.low_cost_path(
            data["budget"],
            data.get("near"),
            data["radius"],
            data.get("state"),
            data.get("income"),
            data.get("household"),
        )
        return render(request, "directory/low_cost.html", {"form": form, "low_cost": path})
