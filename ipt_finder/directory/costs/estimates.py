"""What a course of IPT with one therapist might cost, set out like a good-faith estimate.

A course is the therapist's course length (12-16 sessions when they give none)
at a fee a session, plus the initial consultation, plus any maintenance months
the person asks about. Three ways to pay are estimated:

- the full self-pay fee;
- the sliding scale, from the tier that applies to the person's household
  income and size (which are used for the sum and never stored);
- insurance: in network, where the copay is unknown to us and shown as such;
  out of network, at the full fee, saying whether superbills are given.

Money is in whole US dollars, and every total is a range from the shortest
course to the longest.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import ExpressionWrapper, F, IntegerField, Value
from django.db.models.functions import Coalesce

from ipt_finder.directory.choices import Consultation, MaintenanceFrequency

USUAL_COURSE = (12, 16)
MAX_MAINTENANCE_MONTHS = 24
# Sessions a month for each maintenance frequency; "as needed" and a blank
# frequency are costed as monthly, the usual rhythm of maintenance IPT.
SESSIONS_A_MONTH = {
    MaintenanceFrequency.WEEKLY: Fraction(4),
    MaintenanceFrequency.FORTNIGHTLY: Fraction(2),
    MaintenanceFrequency.MONTHLY: Fraction(1),
    MaintenanceFrequency.BIMONTHLY: Fraction(1, 2),
}
EXCLUDED = [
    "fees for missed or late-cancelled sessions",
    "sessions beyond the course, other than the maintenance months shown",
    "medication, prescriber visits and any tests",
    "crisis or emergency care",
]


@dataclass(frozen=True)
class Range:
    """A sum of money from `low` to `high` dollars; `high` is None for "from `low`"."""

    low: int
    high: int | None

    def __str__(self):
        if self.high is None:
            return f"from ${self.low:,}"
        if self.low == self.high:
            return f"${self.low:,}"
        return f"${self.low:,}–${self.high:,}"

    def __add__(self, other):
        if self.high is None or other.high is None:
            return Range(self.low + other.low, None)
        return Range(self.low + other.low, self.high + other.high)

    def times(self, count_low, count_high=None):
        count_high = count_low if count_high is None else count_high
        return Range(self.low * count_low, None if self.high is None else self.high * count_high)


@dataclass
class Line:
    label: str
    sessions: str
    fee: str
    subtotal: Range | None


@dataclass
class Estimate:
    basis: str
    title: str
    lines: list[Line] = field(default_factory=list)
    total: Range | None = None
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def total_display(self):
        return str(self.total) if self.total is not None else "Unknown"


def course_sessions(therapist):
    """(shortest, longest) course in sessions."""
    low = therapist.course_sessions_min or USUAL_COURSE[0]
    high = therapist.course_sessions_max or max(low, USUAL_COURSE[1])
    return low, max(low, high)


def consultation_cost(therapist):
    if therapist.consultation == Consultation.PAID:
        return therapist.consultation_fee or 0
    return 0


def maintenance_sessions(therapist, months):
    if not months or not therapist.offers_maintenance:
        return 0
    per_month = SESSIONS_A_MONTH.get(therapist.maintenance_frequency, Fraction(1))
    return math.ceil(months * per_month)


def applicable_tier(tiers, income, household):
    """The sliding-scale tier for this household, or None."""
    return next((tier for tier in tiers if tier.applies_to(income, household)), None)


def full_fee(therapist, months=0):
    fee = Range(therapist.fee, therapist.fee) if therapist.fee is not None else None
    estimate = _estimate(therapist, "full", "At the full fee", fee, months)
    if fee is None:
        estimate.notes.append("This therapist hasn't published a fee: ask them for it.")
    return estimate


def sliding_scale(therapist, income=None, household=None, months=0):
    title = "On the sliding scale"
    if not therapist.sliding_scale:
        estimate = _estimate(therapist, "sliding", title, None, months)
        estimate.notes.append("This therapist doesn't offer a sliding scale.")
        return estimate
    tiers = list(therapist.sliding_scale_tiers.all())
    notes = []
    if tiers and income is not None and household is not None:
        tier = applicable_tier(tiers, income, household)
        if tier is not None:
            estimate = _estimate(therapist, "sliding", title, Range(tier.fee, tier.fee), months)
            estimate.notes.append(
                f"Your tier: household income {tier.income_band}, {tier.household_band}."
            )
            return estimate
        notes.append(
            f"None of this therapist's sliding-scale tiers covers a household of {household} "
            f"with a yearly income of ${income:,}. Ask them whether they can reduce their fee."
        )
        fee = Range(therapist.fee, therapist.fee) if therapist.fee is not None else None
        if fee is not None:
            notes.append("So this estimate is at the full fee.")
    else:
        lowest = therapist.sliding_scale_min_fee or 0
        fee = Range(lowest, None)
        if tiers:
            notes.append("Enter your household income and size to see which tier applies.")
        else:
            notes.append(
                f"The fee starts at ${lowest} a session; the therapist decides what you pay."
            )
    estimate = _estimate(therapist, "sliding", title, fee, months)
    estimate.notes.extend(notes)
    return estimate


def insurance(therapist, insurer, months=0):
    """In network if the therapist takes a plan from `insurer`; otherwise out of network."""
    plans = [plan for plan in therapist.insurance_plans.all() if plan.insurer_id == insurer.pk]
    if plans:
        estimate = _estimate(therapist, "in_network", f"In network with {insurer}", None, months)
        estimate.notes.append(
            f"In network with {', '.join(plan.name for plan in plans)}. What you pay a session "
            "(copay or coinsurance, and any deductible) depends on your plan, so it is unknown "
            "here: ask your insurer."
        )
        return estimate
    fee = Range(therapist.fee, therapist.fee) if therapist.fee is not None else None
    estimate = _estimate(therapist, "out_of_network", f"Out of network with {insurer}", fee, months)
    if therapist.superbills:
        estimate.notes.append(
            f"Not in network with {insurer}. The therapist gives superbills, so you can claim "
            "part of the fee back from your insurer; how much depends on your plan."
        )
    else:
        estimate.notes.append(
            f"Not in network with {insurer}, and the therapist doesn't give superbills."
        )
    return estimate


def estimates(therapist, income=None, household=None, insurer=None, months=0):
    """Every estimate that applies: full fee, sliding scale if offered, insurance if asked."""
    result = [full_fee(therapist, months)]
    if therapist.sliding_scale:
        result.append(sliding_scale(therapist, income, household, months))
    if insurer is not None:
        result.append(insurance(therapist, insurer, months))
    return result


def _estimate(therapist, basis, title, fee, months):
    """The lines and total for a fee a session; `fee` None means it is unknown."""
    low, high = course_sessions(therapist)
    consultation = consultation_cost(therapist)
    maintenance = maintenance_sessions(therapist, months)
    fee_text = str(fee) if fee is not None else "Unknown"
    lines = [
        Line(
            "Initial consultation",
            "1" if therapist.consultation != Consultation.NONE else "None",
            therapist.get_consultation_display(),
            Range(consultation, consultation),
        ),
        Line(
            "IPT course",
            f"{low}–{high}" if low != high else str(low),
            fee_text,
            fee.times(low, high) if fee is not None else None,
        ),
    ]
    if maintenance:
        lines.append(
            Line(
                f"Maintenance, {months} month{'s' if months != 1 else ''}",
                str(maintenance),
                fee_text,
                fee.times(maintenance) if fee is not None else None,
            )
        )
    total = None
    if fee is not None:
        total = Range(0, 0)
        for line in lines:
            total += line.subtotal
    return Estimate(
        basis, title, lines, total, assumptions=_assumptions(therapist, months, maintenance)
    )


def _assumptions(therapist, months, maintenance):
    low, high = course_sessions(therapist)
    course = f"{low}–{high}" if low != high else str(low)
    usual = ""
    if low < USUAL_COURSE[0] or high > USUAL_COURSE[1]:
        usual = f" (IPT courses are usually {USUAL_COURSE[0]}–{USUAL_COURSE[1]} sessions)"
    result = [
        f"{course} sessions in the course, this therapist's usual length{usual}.",
        "One session a week.",
        f"Sessions of {therapist.session_minutes} minutes.",
    ]
    if months and not therapist.offers_maintenance:
        result.append("This therapist doesn't offer maintenance sessions, so none are included.")
    elif maintenance:
        frequency = therapist.get_maintenance_frequency_display() or "Monthly (assumed)"
        if therapist.maintenance_frequency == MaintenanceFrequency.AS_NEEDED:
            frequency = "As needed (costed as monthly)"
        result.append(f"Maintenance after the course: {frequency.lower()}, {maintenance} sessions.")
    return result


def course_cost_annotations():
    """Database expressions for the course at the full fee: shortest and longest.

    They match full_fee() without maintenance: null when no fee is published.
    Only a paid consultation has a fee (a database constraint), so it is added as is.
    """
    consultation = Coalesce(F("consultation_fee"), Value(0))
    return {
        f"course_cost_{end}": ExpressionWrapper(
            F(f"course_sessions_{end}") * F("fee") + consultation, output_field=IntegerField()
        )
        for end in ("min", "max")
    }
