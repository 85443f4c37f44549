"""The cost of a course: the arithmetic of costs.py, and its twin in SQL."""

import pytest

from ipt_finder.directory.choices import Consultation, MaintenanceFrequency
from ipt_finder.directory.costs import estimates as costs
from ipt_finder.directory.costs.estimates import Range
from ipt_finder.directory.models import Therapist
from tests.factories import (
    InsurancePlanFactory,
    InsurerFactory,
    SlidingScaleTierFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db


def totals(estimate):
    return (estimate.total.low, estimate.total.high) if estimate.total else None


@pytest.fixture
def aetna():
    return InsurerFactory(slug="aetna", name="Aetna")


@pytest.fixture
def tiered():
    """$150 full fee; tiers for 1-2 people: under $30,000 pays $40, $30,000-$59,999 pays $80."""
    therapist = TherapistFactory(fee=150, sliding_scale=True, sliding_scale_min_fee=40)
    SlidingScaleTierFactory(
        therapist=therapist, income_min=0, income_max=30000, household_max=2, fee=40
    )
    SlidingScaleTierFactory(
        therapist=therapist, income_min=30000, income_max=60000, household_max=2, fee=80
    )
    return therapist


def test_full_fee_is_the_course_times_the_fee_with_a_free_consultation():
    therapist = TherapistFactory(fee=150, consultation=Consultation.FREE)

    estimate = costs.full_fee(therapist)

    assert totals(estimate) == (12 * 150, 16 * 150)
    assert str(estimate.total) == "$1,800–$2,400"
    assert [line.label for line in estimate.lines] == ["Initial consultation", "IPT course"]


def test_a_paid_consultation_is_added_once():
    therapist = TherapistFactory(fee=100, consultation=Consultation.PAID, consultation_fee=50)

    assert totals(costs.full_fee(therapist)) == (12 * 100 + 50, 16 * 100 + 50)


def test_no_consultation_costs_nothing():
    therapist = TherapistFactory(fee=100, consultation=Consultation.NONE)

    estimate = costs.full_fee(therapist)

    assert totals(estimate) == (1200, 1600)
    assert estimate.lines[0].sessions == "None"


def test_a_missing_fee_gives_an_unknown_total_not_zero():
    therapist = TherapistFactory(fee=None)

    estimate = costs.full_fee(therapist)

    assert estimate.total is None
    assert estimate.total_display == "Unknown"
    assert estimate.lines[1].fee == "Unknown"
    assert any("hasn't published a fee" in note for note in estimate.notes)


@pytest.mark.parametrize(
    ("sessions", "expected", "flagged"),
    [
        ((8, 10), (800, 1000), True),
        ((20, 20), (2000, 2000), True),
        ((12, 16), (1200, 1600), False),
        ((14, 14), (1400, 1400), False),
    ],
)
def test_the_therapists_own_course_length_is_used_even_outside_12_to_16(
    sessions, expected, flagged
):
    therapist = TherapistFactory(
        fee=100, course_sessions_min=sessions[0], course_sessions_max=sessions[1]
    )

    estimate = costs.full_fee(therapist)

    assert totals(estimate) == expected
    assert ("usually 12–16" in estimate.assumptions[0]) is flagged


def test_an_unspecified_course_length_is_12_to_16():
    therapist = Therapist(fee=100, course_sessions_min=None, course_sessions_max=None)

    assert costs.course_sessions(therapist) == (12, 16)


@pytest.mark.parametrize(
    ("frequency", "months", "sessions"),
    [
        (MaintenanceFrequency.MONTHLY, 6, 6),
        (MaintenanceFrequency.WEEKLY, 3, 12),
        (MaintenanceFrequency.FORTNIGHTLY, 2, 4),
        (MaintenanceFrequency.BIMONTHLY, 3, 2),
        (MaintenanceFrequency.AS_NEEDED, 4, 4),
        ("", 5, 5),
    ],
)
def test_maintenance_months_add_sessions_at_the_fee(frequency, months, sessions):
    therapist = TherapistFactory(fee=100, offers_maintenance=True, maintenance_frequency=frequency)

    estimate = costs.full_fee(therapist, months=months)

    assert estimate.lines[-1].sessions == str(sessions)
    assert totals(estimate) == (1200 + 100 * sessions, 1600 + 100 * sessions)
    assert any(f"{sessions} sessions" in a for a in estimate.assumptions)


def test_maintenance_is_left_out_when_the_therapist_doesnt_offer_it():
    therapist = TherapistFactory(fee=100, offers_maintenance=False)

    estimate = costs.full_fee(therapist, months=6)

    assert totals(estimate) == (1200, 1600)
    assert any("doesn't offer maintenance" in a for a in estimate.assumptions)


def test_no_sliding_scale_says_so_and_gives_no_total():
    therapist = TherapistFactory(fee=150, sliding_scale=False)

    estimate = costs.sliding_scale(therapist, income=20000, household=1)

    assert estimate.total is None
    assert "doesn't offer a sliding scale" in estimate.notes[0]
    assert [e.basis for e in costs.estimates(therapist)] == ["full"]


def test_the_tier_that_applies_sets_the_fee(tiered):
    estimate = costs.sliding_scale(tiered, income=20000, household=2)

    assert totals(estimate) == (12 * 40, 16 * 40)
    assert "$0 to $29,999" in estimate.notes[0]


@pytest.mark.parametrize(
    ("income", "fee"),
    [(0, 40), (29999, 40), (30000, 80), (59999, 80)],
)
def test_income_bands_are_half_open(tiered, income, fee):
    """An income exactly on a boundary belongs to the band that starts there."""
    estimate = costs.sliding_scale(tiered, income=income, household=1)

    assert totals(estimate) == (12 * fee, 16 * fee)


def test_tiers_but_none_applying_says_so_and_falls_back_to_the_full_fee(tiered):
    above = costs.sliding_scale(tiered, income=60000, household=1)
    bigger = costs.sliding_scale(tiered, income=20000, household=3)

    for estimate in (above, bigger):
        assert totals(estimate) == (12 * 150, 16 * 150)
        assert "None of this therapist's sliding-scale tiers covers" in estimate.notes[0]
    assert "a household of 3" in bigger.notes[0]


def test_tiers_none_applying_and_no_fee_is_unknown():
    therapist = TherapistFactory(fee=None, sliding_scale=True, sliding_scale_min_fee=30)
    SlidingScaleTierFactory(therapist=therapist, income_min=0, income_max=10000, fee=30)

    estimate = costs.sliding_scale(therapist, income=50000, household=1)

    assert estimate.total is None


def test_a_sliding_scale_without_tiers_gives_a_from_price():
    therapist = TherapistFactory(fee=150, sliding_scale=True, sliding_scale_min_fee=60)

    estimate = costs.sliding_scale(therapist, income=20000, household=2)

    assert estimate.total == Range(12 * 60, None)
    assert str(estimate.total) == "from $720"
    assert "starts at $60" in estimate.notes[0]


def test_tiers_without_an_income_give_a_from_price_and_ask_for_it(tiered):
    estimate = costs.sliding_scale(tiered)

    assert str(estimate.total) == "from $480"
    assert "Enter your household income" in estimate.notes[0]


def test_in_network_shows_the_copay_as_unknown_not_zero(aetna):
    therapist = TherapistFactory(fee=150)
    therapist.insurance_plans.add(InsurancePlanFactory(insurer=aetna, name="Choice POS II"))

    estimate = costs.insurance(therapist, aetna)

    assert estimate.basis == "in_network"
    assert estimate.total is None
    assert estimate.total_display == "Unknown"
    assert "$0" not in estimate.total_display
    assert estimate.lines[1].fee == "Unknown"
    assert "Choice POS II" in estimate.notes[0]


@pytest.mark.parametrize(("superbills", "says"), [(True, "gives superbills"), (False, "doesn't")])
def test_an_insurer_not_taken_is_out_of_network_at_the_full_fee(aetna, superbills, says):
    other = InsurerFactory(slug="cigna", name="Cigna")
    therapist = TherapistFactory(fee=150, superbills=superbills)
    therapist.insurance_plans.add(InsurancePlanFactory(insurer=other))

    estimate = costs.insurance(therapist, aetna)

    assert estimate.basis == "out_of_network"
    assert totals(estimate) == (1800, 2400)
    assert says in estimate.notes[0]


def test_estimates_include_sliding_scale_and_insurance_when_they_apply(tiered, aetna):
    result = costs.estimates(tiered, income=20000, household=1, insurer=aetna, months=0)

    assert [e.basis for e in result] == ["full", "sliding", "out_of_network"]


def test_range_arithmetic_and_display():
    assert str(Range(5, 5)) == "$5"
    assert str(Range(1200, 1600) + Range(50, 50)) == "$1,250–$1,650"
    assert str(Range(40, None).times(12, 16)) == "from $480"
    assert (Range(40, None) + Range(10, 10)).high is None


def test_the_database_annotation_matches_the_python_estimate():
    therapists = [
        TherapistFactory(fee=150),
        TherapistFactory(fee=100, consultation=Consultation.PAID, consultation_fee=50),
        TherapistFactory(fee=90, course_sessions_min=8, course_sessions_max=20),
        TherapistFactory(fee=None),
    ]

    annotated = {t.pk: t for t in Therapist.objects.annotate_course_cost()}

    for therapist in therapists:
        row = annotated[therapist.pk]
        assert totals(costs.full_fee(therapist)) == (
            None if row.course_cost_min is None else (row.course_cost_min, row.course_cost_max)
        )


def test_course_cost_at_most_uses_the_longest_course():
    within = TherapistFactory(fee=100)  # 1,200-1,600
    over = TherapistFactory(fee=110)  # 1,320-1,760
    TherapistFactory(fee=None)

    assert list(Therapist.objects.course_cost_at_most(1600)) == [within]
    assert set(Therapist.objects.course_cost_at_most(1760)) == {within, over}
