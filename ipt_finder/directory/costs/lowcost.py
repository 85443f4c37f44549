"""The low-cost path: what to try when a budget rules out most therapists.

Two ways forward: therapists whose sliding scale fits the budget, and
organisations offering free or low-cost care that are nearby (same state, or
within the distance) or that have a therapist who can see the person online.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Q, Value, When

from ipt_finder.directory.choices import CostPolicy, Status
from ipt_finder.directory.costs.estimates import applicable_tier
from ipt_finder.directory.models import Organisation, SlidingScaleTier, Therapist
from ipt_finder.directory.places import geo

SHOWN = 6


@dataclass
class LowCostPath:
    therapists: list
    organisations: list
    budget: int
    state: str | None

    def __bool__(self):
        return bool(self.therapists or self.organisations)


def squeezed(fits, total):
    """True when fewer than a third of the listings fit the budget."""
    return total > 0 and fits * 3 < total


def tiers_applying(income, household):
    """The listing's sliding-scale tiers for this household: SlidingScaleTier.applies_to in SQL."""
    return SlidingScaleTier.objects.filter(
        Q(income_max__isnull=True) | Q(income_max__gt=income),
        Q(household_max__isnull=True) | Q(household_max__gte=household),
        therapist=OuterRef("pk"),
        income_min__lte=income,
        household_min__lte=household,
    )


def sliding_scale_fits(budget, income=None, household=None):
    """Q: the sliding scale may bring the fee within `budget` for this household.

    With the household known, a listing with tiers fits only if its tier does.
    """
    scale = Q(sliding_scale=True, sliding_scale_min_fee__lte=budget)
    if income is None or household is None:
        return scale
    has_tiers = Q(Exists(SlidingScaleTier.objects.filter(therapist=OuterRef("pk"))))
    tier_fits = Q(Exists(tiers_applying(income, household).filter(fee__lte=budget)))
    return scale & (tier_fits | ~has_tiers)


def reachable(place=None, miles=None, state=None):
    """Q: the listing sees people within `miles` of `place`, or online in `state`."""
    conditions = Q()
    if place is not None:
        conditions |= Therapist.objects.near_q(place, miles)
    if state:
        conditions |= Therapist.objects.telehealth_q(state)
    return conditions


def low_cost_path(
    budget, place=None, miles=25, state=None, income=None, household=None, suits=None
):
    """`suits` (a Q) puts the sliding scales that meet it, such as a language, first."""
    state = state or (place.state if place else None)
    therapists = (
        Therapist.objects.published()
        .filter(sliding_scale_fits(budget, income, household))
        .filter(reachable(place, miles, state))
        .prefetch_related("sliding_scale_tiers")
        .alias(suits=Case(When(suits or Q(pk=None), then=Value(1)), default=Value(0)))
        .order_by("-suits", "sliding_scale_min_fee", "name", "pk")[:SHOWN]
    )
    therapists = list(therapists)
    for therapist in therapists:
        tier = None
        if income is not None and household is not None:
            tier = applicable_tier(therapist.sliding_scale_tiers.all(), income, household)
        therapist.low_fee = tier.fee if tier else therapist.sliding_scale_min_fee
        therapist.low_fee_is_tier = tier is not None

    organisations = Organisation.objects.filter(
        cost_policy__in=[CostPolicy.FREE, CostPolicy.LOW_COST]
    )
    nearby = Q()
    if state:
        online = Therapist.objects.published().filter(
            Therapist.objects.telehealth_q(state), organisations=OuterRef("pk")
        )
        nearby |= Q(state=state) | Q(Exists(online))
    if place is not None:
        south, north, west, east = geo.bounding_box(place.latitude, place.longitude, miles)
        organisations = organisations.alias(
            distance=geo.distance_miles(place.latitude, place.longitude)
        )
        nearby |= Q(
            latitude__range=(south, north), longitude__range=(west, east), distance__lte=miles
        )
    organisations = list(organisations.filter(nearby).order_by("cost_policy", "name")[:SHOWN])
    _add_languages(organisations)
    return LowCostPath(therapists, organisations, budget, state)


def _add_languages(organisations):
    """Each organisation's `languages`: those its published therapists work in; one query."""
    spoken = {}
    rows = (
        Therapist.languages.through.objects.filter(
            therapist__status=Status.PUBLISHED,
            therapist__organisations__in=organisations,
        )
        .values_list("therapist__organisations", "language__name")
        .distinct()
        .order_by("language__name")
    )
    for organisation, name in rows:
        spoken.setdefault(organisation, []).append(name)
    for organisation in organisations:
        organisation.languages = spoken.get(organisation.pk, [])


def low_cost_path_for(data):
    """The low-cost path for a form's cleaned data (budget, place, radius, state, income,
    and the language and condition a search carried)."""
    suits = Q()
    languages = data.get("language") or []
    if languages:
        # One from a search's link, several from the guided match.
        languages = [languages] if isinstance(languages, str) else languages
        suits &= Therapist.objects.linked_q("languages", code__in=languages)
    if data.get("condition"):
        suits &= Therapist.objects.linked_q("conditions", slug=data["condition"])
    return low_cost_path(
        data["budget"],
        data.get("near"),
        data["radius"],
        data.get("state"),
        data.get("income"),
        data.get("household"),
        suits or None,
    )
