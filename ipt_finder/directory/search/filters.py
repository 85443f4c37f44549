"""The public search: one FilterSet over published listings, defining what each filter means.

Every filter narrows the listings through the QuerySet's search vocabulary
(models/querysets.py). The search page answers from the index (index.py,
engine.py), which holds the same facts; `qs` is the same search in SQL.
"""

from functools import partial

import django_filters as filters
from django import forms
from django.db.models import F, Q

from ipt_finder.directory.choices import (
    Faith,
    Gender,
    Medication,
    ProblemArea,
    Profession,
    Rung,
    TraitKind,
)
from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Insurer,
    Language,
    Therapist,
    Trait,
)
from ipt_finder.directory.places.forms import PlaceForm
from ipt_finder.directory.search.vocabularies import plan_choices, vocabulary_choices

SORTS = [
    ("best", "Best match"),
    ("nearest", "Nearest"),
    ("fee", "Lowest fee"),
    ("cost", "Lowest cost of a course"),
    ("experience", "Most IPT experience"),
]
FORMATS = {
    "individual": ("Individual", "offers_individual"),
    "group": ("Group", "offers_group"),
    "couples": ("Couples or conjoint", "offers_couples"),
}
MAX_MONEY = 10_000
MAX_COURSE_MONEY = 200_000


# The default order, and every other order's tie-break: verified first, then the
# most recently reviewed. Needs annotate_verified_licence() and annotate_rungs().
BEST_ORDER = [
    F("has_verified_licence").desc(),
    F("top_verified_rung").desc(nulls_last=True),
    F("reviewed_on").desc(nulls_last=True),
    "name",
    "pk",
]


def best_first(queryset):
    return queryset.order_by(*BEST_ORDER)


class SearchForm(PlaceForm):
    """The fields that shape a search without being filters themselves."""

    telehealth = forms.BooleanField(label="Include telehealth in my state", required=False)
    # Telehealth without a state is still a search: by video or phone, in any state.
    state_required = False
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].help_text = "Therapists licensed there, by video or phone."

    def clean(self):
        data = super().clean()
        if data.get("sort") == "nearest" and not data.get("near"):
            # Nearest needs a place; without one the page says so beside the menu.
            data["sort"] = "best"
        if data.get("state") and not data.get("near") and "near" not in self.errors:
            # A state matters only for telehealth: choosing one is asking for it.
            data["telehealth"] = True
        data["sort"] = data.get("sort") or "best"
        return data


class CheckFilter(filters.Filter):
    """A checkbox that, when ticked, keeps the listings meeting `condition`.

    `condition` is a Q, or a callable that takes the queryset and returns one,
    so facet counts can reuse it.
    """

    field_class = forms.BooleanField

    def __init__(self, *args, condition, **kwargs):
        self.condition = condition
        super().__init__(*args, **kwargs)

    def q(self, queryset):
        return self.condition(queryset) if callable(self.condition) else self.condition

    def filter(self, queryset, value):
        return queryset.filter(self.q(queryset)) if value else queryset


class VocabularyFilter(filters.MultipleChoiceFilter):
    """Any of the chosen terms of a vocabulary table, through a many-to-many field.

    Options come from the vocabulary cache, so validating and rendering them
    costs no query.
    """

    def __init__(self, *args, relation, vocabulary, key="slug", match=None, **kwargs):
        self.relation, self.vocabulary, self.key, self.match = relation, vocabulary, key, match
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        choices = partial(vocabulary_choices, vocabulary, key, **(match or {}))
        super().__init__(*args, choices=choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        terms = self.vocabulary.objects.filter(**{f"{self.key}__in": value})
        return queryset.with_any(self.relation, terms)


class TraitFilter(VocabularyFilter):
    """One kind of compatibility trait: communication style, personality or values."""

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, vocabulary=Trait, relation="traits", match={"kind": kind}, **kwargs)


class ColumnFilter(filters.MultipleChoiceFilter):
    """Any of the chosen values of a choices column on the listing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        # One row per listing already; DISTINCT made the facet aggregates wrap the
        # query in a subquery, where conditions on OuterRef("pk") broke.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class ProblemAreaFilter(ColumnFilter):
    def filter(self, queryset, value):
        return queryset.with_problem_area(value) if value else queryset


class FormatFilter(ColumnFilter):
    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(Q(*[(FORMATS[v][1], True) for v in value], _connector=Q.OR))


class InsurerFilter(filters.MultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, choices=partial(vocabulary_choices, Insurer), **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.takes_insurer(Insurer.objects.filter(slug__in=value))


class PlanFilter(filters.MultipleChoiceFilter):
    """Any of the chosen insurance plans, in network."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, choices=plan_choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.with_any("insurance_plans", InsurancePlan.objects.filter(pk__in=value))


class WheelchairFilter(CheckFilter):
    """An accessible office; near a place, that office itself is within the radius."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, condition=None, **kwargs)

    def q(self, queryset):
        parent = self.parent
        data = parent.form.cleaned_data
        if data.get("near") and parent.relaxing != "near":
            return queryset.wheelchair_q(data["near"], data["radius"])
        return queryset.wheelchair_q()


class RungFilter(filters.ChoiceFilter):
    """At least this rung of the cross-body IPT ladder; verified if asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=Rung.choices, **kwargs)

    def verified_only(self):
        return bool(self.parent.form.cleaned_data.get("verified_training"))

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.at_least_rung(int(value), verified=self.verified_only())


class TherapistFilter(filters.FilterSet):
    # What you want help with
    q = filters.CharFilter(
        label="Search names, approach and bio", max_length=200, method="filter_text"
    )
    condition = VocabularyFilter(label="Help with", vocabulary=Condition, relation="conditions")
    problem_area = ProblemAreaFilter(
        label="IPT focus (problem area)",
        choices=ProblemArea.choices,
        help_text="IPT works on one of four areas: grief after a death; a dispute with someone "
        "close; a change in life role, such as becoming a parent; or loneliness and "
        "difficulty making or keeping relationships (interpersonal deficits).",
    )
    age_group = VocabularyFilter(label="Age group", vocabulary=AgeGroup, relation="age_groups")
    format = FormatFilter(
        label="Format",
        choices=[(value, label) for value, (label, _) in FORMATS.items()],
        help_text="Conjoint means you and a partner or relative attend together.",
    )

    # Location
    near = filters.CharFilter(
        label="ZIP code or city",
        max_length=100,
        method="filter_near",
        help_text="For example 10001, or Austin, TX.",
    )

    # IPT training and credentials
    rung = RungFilter(
        label="IPT training, at least",
        empty_label="Any IPT training",
        help_text="From least to most: introductory training, certified, supervisor, trainer.",
    )
    verified_training = CheckFilter(
        label="Verified IPT training only",
        condition=lambda qs: qs.verified_training_q(),
        help_text="A curator has checked the training certificate.",
    )
    adaptation = VocabularyFilter(
        label="IPT for a particular group",
        vocabulary=Adaptation,
        relation="adaptations",
        help_text="Versions of IPT: IPT-A for teenagers, IPC (a shorter counselling form), "
        "IPSRT for bipolar disorder, IPT-M to prevent relapse.",
    )
    profession = ColumnFilter(
        label="Profession",
        choices=Profession.choices,
        help_text="The licence, such as LCSW (clinical social worker), LPC (counselor) or "
        "LMFT (marriage and family therapist).",
    )
    verified_licence = CheckFilter(
        label="Verified, current licence only", condition=lambda qs: qs.verified_licence_q()
    )

    # Cost
    budget = filters.NumberFilter(
        label="What can you pay per session? ($)",
        help_text="Counts sliding scales: a reduced fee for people on lower incomes.",
        min_value=0,
        max_value=MAX_MONEY,
        decimal_places=2,
        method="filter_budget",
    )
    max_course_cost = filters.NumberFilter(
        label="Most I can pay for a whole course ($)",
        help_text="At the full fee, for the therapist's longest course, consultation included.",
        min_value=0,
        max_value=MAX_COURSE_MONEY,
        decimal_places=2,
        method="filter_course_cost",
    )
    sliding_scale = CheckFilter(label="Offers a sliding scale", condition=Q(sliding_scale=True))
    insurer = InsurerFilter(
        label="Insurance",
        help_text="In network: the therapist bills your insurer directly.",
    )
    plan = PlanFilter(label="Insurance plan (in network)")
    free_consultation = CheckFilter(
        label="Free first consultation", condition=Q(consultation="free")
    )
    low_cost = CheckFilter(
        label="Part of a free or low-cost clinic", condition=lambda qs: qs.free_or_low_cost_q()
    )

    # Culture and identity
    language = VocabularyFilter(
        label="Language", vocabulary=Language, relation="languages", key="code"
    )
    community = VocabularyFilter(
        label="Affirms and serves",
        vocabulary=Community,
        relation="communities",
        help_text="Clients the therapist works with and affirms, whoever the therapist is.",
    )
    gender = ColumnFilter(label="Therapist's gender", choices=Gender.choices)
    transgender = CheckFilter(label="The therapist is trans", condition=Q(transgender=True))
    lgbtq = CheckFilter(label="The therapist is LGBTQ+", condition=Q(lgbtq=True))
    ethnicity = VocabularyFilter(
        label="Therapist's race or ethnicity", vocabulary=Ethnicity, relation="ethnicities"
    )
    faith = ColumnFilter(label="Therapist's faith", choices=Faith.choices)

    # Compatibility
    communication = TraitFilter(label="Communication style", kind=TraitKind.COMMUNICATION)
    personality = TraitFilter(label="Personality", kind=TraitKind.PERSONALITY)
    values = TraitFilter(label="Values", kind=TraitKind.VALUES)

    # Practicalities
    accepting = CheckFilter(
        label="Accepting new clients (confirmed in the last 90 days)",
        condition=lambda qs: qs.accepting_q(),
    )
    evening = CheckFilter(label="Evening hours", condition=Q(evening_hours=True))
    weekend = CheckFilter(label="Weekend hours", condition=Q(weekend_hours=True))
    wheelchair = WheelchairFilter(label="Wheelchair-accessible office")
    medication = ColumnFilter(label="Medication", choices=Medication.choices)
    maintenance = CheckFilter(
        label="Maintenance sessions after the course", condition=Q(offers_maintenance=True)
    )

    class Meta:
        model = Therapist
        fields = []
        form = SearchForm

    # The filter relaxed_counts() is leaving out, for filters that depend on another.
    relaxing = None

    def filter_text(self, queryset, name, value):
        return queryset.search_text(value) if value.strip() else queryset

    def filter_near(self, queryset, name, place):
        data = self.form.cleaned_data
        if data.get("telehealth"):
            return queryset.near_or_telehealth(place, data["radius"], data["state"])
        return queryset.near(place, data["radius"])

    def filter_budget(self, queryset, name, value):
        return queryset.fits_budget(value)

    def filter_course_cost(self, queryset, name, value):
        return queryset.course_cost_at_most(value)

    def filter_queryset(self, queryset):
        return self.sort(self.apply_filters(queryset))

    def apply_filters(self, queryset, skip=None):
        """The queryset narrowed by every active filter except `skip`."""
        data = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            if name != skip and name in data:
                queryset = filter_.filter(queryset, data[name])
        if data.get("telehealth") and not data.get("near"):
            queryset = queryset.telehealth_to(data.get("state") or None)
        return queryset

    def sort(self, queryset):
        data = self.form.cleaned_data
        queryset = queryset.annotate_verified_licence().annotate_rungs().annotate_course_cost()
        if data.get("near"):
            queryset = queryset.annotate_distance(
                data["near"], data["radius"], accessible=bool(data.get("wheelchair"))
            )
        order = {
            "nearest": [F("distance").asc(nulls_last=True)],
            "fee": [F("fee").asc(nulls_last=True), F("sliding_scale_min_fee").asc(nulls_last=True)],
            "experience": [F("ipt_years").desc(), F("top_verified_rung").desc(nulls_last=True)],
            "cost": [
                F("course_cost_max").asc(nulls_last=True),
                F("course_cost_min").asc(nulls_last=True),
            ],
        }.get(data["sort"], [])
        if "rank" in queryset.query.annotations:
            order.append(F("rank").desc())
        return queryset.order_by(*order, *BEST_ORDER)

    def relaxed_counts(self):
        """{filter name: how many listings there would be without it}, for each active filter."""
        counts = {}
        for name in self.filters:
            if self.is_active(name):
                self.relaxing = name
                try:
                    counts[name] = self.apply_filters(self.queryset.all(), skip=name).count()
                finally:
                    self.relaxing = None
        return counts

    def is_active(self, name):
        value = self.form.cleaned_data.get(name)
        # Not `in (None, False, ...)`: a fee of 0 equals False but is a filter.
        return not (value is None or value is False or value in ("", []))
