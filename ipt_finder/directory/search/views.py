from django.http import QueryDict
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from django_filters.views import FilterView

from ipt_finder.directory.models import Condition, Therapist
from ipt_finder.directory.places.forms import DEFAULT_RADIUS
from ipt_finder.directory.search.cards import (
    chips,
    label_options,
    low_cost_query,
    place_links,
    reasons,
    relaxations,
    show_plans_of,
    style_widgets,
)
from ipt_finder.directory.search.engine import Search
from ipt_finder.directory.search.filters import TherapistFilter

FILTER_GROUPS = [
    ("What you want help with", ["q", "condition", "age_group", "format"]),
    ("Location", ["near", "radius", "telehealth", "state"]),
    (
        "Cost",
        [
            "budget",
            "sliding_scale",
            "insurer",
            "plan",
            "free_consultation",
            "low_cost",
            "max_course_cost",
        ],
    ),
    (
        "Language, culture and identity",
        ["language", "community", "gender", "transgender", "lgbtq", "ethnicity", "faith"],
    ),
    (
        "Practicalities",
        ["accepting", "evening", "weekend", "wheelchair", "medication", "maintenance"],
    ),
    (
        "IPT details",
        [
            "problem_area",
            "adaptation",
            "rung",
            "verified_training",
            "profession",
            "verified_licence",
        ],
    ),
    ("Compatibility", ["communication", "personality", "values"]),
]

# Groups folded away until used: the specialist ones.
FOLDED = {"IPT details", "Compatibility"}

# The order the filters appear in on the page, and so their chips.
FILTER_ORDER = [name for _, names in FILTER_GROUPS for name in names]


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    return redirect(static("favicon.svg"), permanent=True)


class HomeView(TemplateView):
    template_name = "directory/search/home.html"

    def get_context_data(self, **kwargs):
        published = Therapist.objects.published()
        return super().get_context_data(
            therapist_count=published.count(),
            conditions=Condition.objects.all(),
            recently_reviewed=published.exclude(reviewed_on=None)
            .annotate_verified_licence()
            .order_by("-reviewed_on", "name")
            .prefetch_related("languages")[:6],
            **kwargs,
        )


class TherapistSearchView(FilterView):
    filterset_class = TherapistFilter
    paginate_by = 20
    template_name = "directory/search/results.html"

    def get_queryset(self):
        return Therapist.objects.published().prefetch_related(
            "languages", "conditions", "communities", "adaptations"
        )

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so an empty search validates and gets its defaults. The
        # radius select shows its default too: with nothing selected, browsers
        # preselect (and send) its first option, 5 miles.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.search_data}

    @cached_property
    def search_query(self):
        """The query string as a search: an empty value is no filter, and old links'
        "max_fee" is the budget."""
        query = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            if kept := [value for value in values if value.strip()]:
                query.setlist(name, kept)
        if "max_fee" in query and "budget" not in query:
            query.setlist("budget", query.pop("max_fee"))
        return query

    @property
    def search_data(self):
        data = self.search_query.copy()
        if not data.get("radius"):
            data["radius"] = str(DEFAULT_RADIUS)
        return data

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_valid():
            self.search = Search(self.filterset)
            self.object_list = self.search.listings(self.get_queryset())
        else:
            self.search = None
            self.object_list = self.get_queryset().none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        form = filterset.form
        query = self.search_query.copy()
        query.pop("page", None)
        if self.search:
            data = form.cleaned_data
            context["chips"] = chips(form, query, FILTER_ORDER)
            if not context["paginator"].count:
                context["suggestions"] = relaxations(form, query, self.search.without_each())
            label_options(form, self.search.counts())
            show_plans_of(form, data.get("insurer"))
            for therapist in context["object_list"]:
                therapist.reasons = reasons(therapist, data)
        style_widgets(form)
        given = {name for name, values in query.lists() if any(values)} - {"radius"}
        # Plans are offered once an insurer is chosen (or a plan, by an older link).
        hidden = set() if {"insurer", "plan"} & given else {"plan"}
        context.update(
            groups=[
                {
                    "title": title,
                    "fields": [form[name] for name in names if name not in hidden],
                    "open": title not in FOLDED
                    or bool(given & set(names))
                    or any(name in form.errors for name in names),
                }
                for title, names in FILTER_GROUPS
            ],
            active_count=len(context.get("chips", [])),
            query=query.urlencode(),
            error_list=[
                (form.fields[name].label if name in form.fields else "", errors)
                for name, errors in form.errors.items()
            ],
            place_links=place_links(form, query),
            low_cost_query=low_cost_query(form),
            sort_field=form["sort"],
            can_sort_by_distance=form.is_valid() and bool(form.cleaned_data.get("near")),
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.filterset.form.is_valid():
            response.status_code = 400
        return response
