"""Views for the shortlist and the side-by-side comparison; nothing of either is stored on the server."""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache

from ipt_finder.directory.compare.forms import CompareForm
from ipt_finder.directory.compare.shortlist import MAX_ITEMS, Shortlist, ShortlistFull
from ipt_finder.directory.costs import estimates as costs
from ipt_finder.directory.models import IPTTraining, Therapist
from ipt_finder.directory.web.query import subset

# Answers the comparison and the cost estimate take over from the match.
CARRIED_TO_COMPARE = ("condition", "problem_area", "income", "household", "insurer")


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
            return render(request, "directory/compare/compare.html", context, status=400)
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
            # A comparison opened from a shared link counts what it shows.
            "shortlist_badge": max(len(shortlist), len(columns)),
        }
        return render(request, "directory/compare/compare.html", context)


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
            return render(request, "directory/compare/shortlist_full.html", context)
        if wants_json:
            html = render_to_string(
                "directory/compare/_shortlist_button.html",
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
