from django.views.generic import TemplateView
from django_filters.views import FilterView

from ipt_finder.directory.models import Condition, Therapist
from ipt_finder.directory.places.forms import DEFAULT_RADIUS
from ipt_finder.directory.search.cards import chips, label_options, reasons
from ipt_finder.directory.search.engine import Search
from ipt_finder.directory.search.filters import TherapistFilter

FILTER_GROUPS = [
    ("What you want help with", ["q", "condition", "problem_area", "age_group", "format"]),
    ("Location", ["near", "radius", "telehealth", "state"]),
    (
        "Cost",
        [
            "max_fee",
            "budget",
            "max_course_cost",
            "sliding_scale",
            "insurer",
            "plan",
            "free_consultation",
            "low_cost",
        ],
    ),
    (
        "IPT training and credentials",
        ["rung", "verified_training", "adaptation", "profession", "verified_licence"],
    ),
    (
        "Language, culture and identity",
        ["language", "community", "gender", "transgender", "lgbtq", "ethnicity", "faith"],
    ),
    ("Compatibility", ["communication", "personality", "values"]),
    (
        "Practicalities",
        ["accepting", "evening", "weekend", "wheelchair", "medication", "maintenance"],
    ),
]

# The order the filters appear in on the page, and so their chips.
FILTER_ORDER = [name for _, names in FILTER_GROUPS for name in names]


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
        data = self.request.GET.copy()
        if not data.get("radius"):
            data["radius"] = str(DEFAULT_RADIUS)
        return {**super().get_filterset_kwargs(filterset_class), "data": data}

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
        if self.search:
            data = form.cleaned_data
            context["chips"] = chips(form, self.request.GET, FILTER_ORDER)
            label_options(form, self.search.counts())
            for therapist in context["object_list"]:
                therapist.reasons = reasons(therapist, data)
        query = self.request.GET.copy()
        query.pop("page", None)
        given = {name for name, values in self.request.GET.lists() if any(values)}
        context.update(
            groups=[
                {
                    "title": title,
                    "fields": [form[name] for name in names],
                    "open": bool(given & set(names)) or any(name in form.errors for name in names),
                }
                for title, names in FILTER_GROUPS
            ],
            query=query.urlencode(),
            error_list=[
                (form.fields[name].label if name in form.fields else "", errors)
                for name, errors in form.errors.items()
            ],
            sort_field=form["sort"],
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.filterset.form.is_valid():
            response.status_code = 400
        return response
