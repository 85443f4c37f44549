"""Fees: the therapist's own fee rules and the sliding-scale tiers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ipt_finder.directory.choices import Consultation
from ipt_finder.directory.models import SlidingScaleTier
from tests.checks import assert_valid, clean_errors, rejected_by_database
from tests.factories import SlidingScaleTierFactory, TherapistFactory

pytestmark = pytest.mark.django_db

NO_OVERLAP_MESSAGE = "This tier overlaps another tier for the same household."


def update(instance, **values):
    """Write straight to the table, past clean() and save()."""
    type(instance).objects.filter(pk=instance.pk).update(**values)


# Therapist fees


def test_fee_up_to_the_maximum_is_accepted():
    assert_valid(TherapistFactory.build(fee=2000))
    assert_valid(TherapistFactory.build(fee=None))


def test_fee_above_the_maximum_is_rejected():
    therapist = TherapistFactory()
    with rejected_by_database("therapist_fee_range"):
        update(therapist, fee=2001)
    errors = clean_errors(TherapistFactory.build(fee=2001))
    assert errors == {"fee": ["Ensure this value is less than or equal to 2000."]}


def test_negative_fee_is_rejected_by_the_database():
    with rejected_by_database("fee"):
        update(TherapistFactory(), fee=-1)


def test_sliding_scale_needs_its_lowest_fee():
    assert_valid(TherapistFactory.build(sliding_scale=True, sliding_scale_min_fee=40))
    with rejected_by_database("therapist_sliding_scale_has_minimum"):
        TherapistFactory(sliding_scale=True, sliding_scale_min_fee=None)
    errors = clean_errors(TherapistFactory.build(sliding_scale=True, sliding_scale_min_fee=None))
    assert errors == {"sliding_scale_min_fee": ["Give the lowest fee on the sliding scale."]}


@pytest.mark.parametrize(("fee", "minimum"), [(100, 100), (100, 20), (None, 40)])
def test_lowest_sliding_scale_fee_may_reach_the_full_fee(fee, minimum):
    assert_valid(TherapistFactory.build(fee=fee, sliding_scale=True, sliding_scale_min_fee=minimum))


def test_lowest_sliding_scale_fee_above_the_full_fee_is_rejected():
    with rejected_by_database("therapist_sliding_scale_min_below_fee"):
        TherapistFactory(fee=100, sliding_scale=True, sliding_scale_min_fee=101)
    therapist = TherapistFactory(fee=100, sliding_scale=True, sliding_scale_min_fee=80)
    with rejected_by_database("therapist_sliding_scale_min_below_fee"):
        update(therapist, fee=79)

    too_high = TherapistFactory.build(fee=100, sliding_scale=True, sliding_scale_min_fee=101)
    assert clean_errors(too_high) == {
        "__all__": ["The lowest sliding-scale fee can't be above the full fee."]
    }


@pytest.mark.parametrize(
    ("consultation", "fee"),
    [(Consultation.PAID, 25), (Consultation.FREE, None), (Consultation.NONE, None)],
)
def test_consultation_fee_matching_the_kind_is_accepted(consultation, fee):
    assert_valid(TherapistFactory.build(consultation=consultation, consultation_fee=fee))


@pytest.mark.parametrize(
    ("consultation", "fee", "message"),
    [
        (Consultation.PAID, None, "Give the consultation fee."),
        (Consultation.PAID, 0, "Give the consultation fee."),
        (Consultation.FREE, 30, "Only a paid consultation has a fee."),
        (Consultation.NONE, 0, "Only a paid consultation has a fee."),
    ],
)
def test_consultation_fee_not_matching_the_kind_is_rejected(consultation, fee, message):
    with rejected_by_database("therapist_consultation_fee_matches"):
        TherapistFactory(consultation=consultation, consultation_fee=fee)
    errors = clean_errors(TherapistFactory.build(consultation=consultation, consultation_fee=fee))
    assert errors == {"consultation_fee": [message]}


# Sliding-scale tiers: each tier on its own


def test_tier_income_band_may_be_open_ended():
    tier = SlidingScaleTierFactory.build(therapist=TherapistFactory(), income_max=None)
    assert_valid(tier)
    assert tier.income_band == "$0 and above"


@pytest.mark.parametrize("income_max", [30000, 29999, 0])
def test_tier_income_band_must_rise(income_max):
    with rejected_by_database("tier_income_band_in_order"):
        SlidingScaleTierFactory(income_min=30000, income_max=income_max)
    inverted = SlidingScaleTierFactory.build(
        therapist=TherapistFactory(), income_min=30000, income_max=income_max
    )
    assert clean_errors(inverted) == {
        "income_max": ["The income band's upper bound must be above its lower."]
    }


def test_tier_household_sizes_must_rise():
    tier = SlidingScaleTierFactory(household_min=2, household_max=2)
    assert tier.household_band == "2 people"
    with rejected_by_database("tier_household_range_in_order"):
        SlidingScaleTierFactory(income_min=0, household_min=3, household_max=2)
    with rejected_by_database("tier_household_range_in_order"):
        SlidingScaleTierFactory(income_min=0, household_min=0)

    # household_max < household_min would also break PostgreSQL's int4range(); clean() says why.
    inverted = SlidingScaleTier(therapist=tier.therapist, household_min=5, household_max=4, fee=9)
    assert clean_errors(inverted) == {
        "household_max": ["The household sizes must run from smaller to larger."]
    }
    empty = SlidingScaleTier(therapist=tier.therapist, household_min=0, income_min=99999, fee=99)
    assert clean_errors(empty) == {
        "household_min": ["Ensure this value is greater than or equal to 1."]
    }


def test_tier_fee_has_the_same_maximum():
    assert_valid(SlidingScaleTierFactory.build(therapist=TherapistFactory(), fee=2000))
    with rejected_by_database("tier_fee_range"):
        SlidingScaleTierFactory(fee=2001)
    too_high = SlidingScaleTierFactory.build(therapist=TherapistFactory(), fee=2001)
    assert clean_errors(too_high) == {"fee": ["Ensure this value is less than or equal to 2000."]}


# Sliding-scale tiers: against each other

OVERLAPPING = [
    pytest.param(
        {"income_min": 0, "income_max": 30000},
        {"income_min": 20000, "income_max": 50000},
        id="same-households-intersecting-incomes",
    ),
    pytest.param(
        {"income_min": 0, "income_max": 30000, "household_min": 1, "household_max": 3},
        {"income_min": 0, "income_max": 30000, "household_min": 3, "household_max": 5},
        id="household-ranges-share-a-size",
    ),
    pytest.param(
        {"income_min": 0, "income_max": 30000, "household_min": 2},
        {"income_min": 10000, "income_max": 20000, "household_min": 5, "household_max": 6},
        id="open-ended-household-range",
    ),
    pytest.param(
        {"income_min": 30000, "income_max": None},
        {"income_min": 60000, "income_max": None},
        id="open-ended-income-bands",
    ),
]

SEPARATE = [
    pytest.param(
        {"income_min": 0, "income_max": 30000, "fee": 40},
        {"income_min": 30000, "income_max": 50000, "fee": 60},
        id="income-bands-meet-at-the-half-open-boundary",
    ),
    pytest.param(
        {"income_min": 0, "income_max": 30000, "household_min": 1, "household_max": 2},
        {"income_min": 0, "income_max": 30000, "household_min": 3, "household_max": 4, "fee": 30},
        id="household-ranges-meet",
    ),
]


@pytest.mark.parametrize(("first", "second"), OVERLAPPING)
def test_database_rejects_overlapping_tiers(first, second):
    tier = SlidingScaleTierFactory(**first)
    other = SlidingScaleTier(therapist=tier.therapist, fee=tier.fee, **second)
    if connection.vendor == "postgresql":
        with rejected_by_database("tier_no_overlap"):
            other.save()
    else:
        # SQLite has no exclusion constraint, so clean() is the only guard.
        with pytest.raises(ValidationError, match="overlaps"):
            other.clean()


@pytest.mark.parametrize(("first", "second"), OVERLAPPING)
def test_full_clean_reports_overlapping_tiers(first, second):
    tier = SlidingScaleTierFactory(**first)
    other = SlidingScaleTier(therapist=tier.therapist, fee=tier.fee, **second)
    errors = clean_errors(other)["__all__"]
    assert f"“{other}” overlaps “{tier}”." in errors
    # PostgreSQL's exclusion constraint validates too; elsewhere it is skipped.
    assert (NO_OVERLAP_MESSAGE in errors) == (connection.vendor == "postgresql")


@pytest.mark.parametrize(("first", "second"), SEPARATE)
def test_separate_tiers_are_accepted(first, second):
    tier = SlidingScaleTierFactory(**first)
    assert_valid(SlidingScaleTier(therapist=tier.therapist, **second))
    assert tier.therapist.sliding_scale_tiers.count() == 2


def test_the_same_band_is_fine_for_another_therapist():
    tier = SlidingScaleTierFactory()
    other = SlidingScaleTierFactory.build(therapist=TherapistFactory())
    assert_valid(other)
    assert (other.income_min, other.income_max) == (tier.income_min, tier.income_max)


def test_a_saved_tier_does_not_overlap_itself():
    tier = SlidingScaleTierFactory()
    tier.fee = 45
    assert_valid(tier)


@pytest.mark.parametrize("lower_first", [True, False])
def test_higher_income_band_may_not_charge_less(lower_first):
    therapist = TherapistFactory(sliding_scale=True, sliding_scale_min_fee=40)
    lower = SlidingScaleTier(therapist=therapist, income_min=0, income_max=30000, fee=60)
    higher = SlidingScaleTier(therapist=therapist, income_min=30000, fee=40)
    saved, checked = (lower, higher) if lower_first else (higher, lower)
    saved.save()
    assert clean_errors(checked) == {
        "__all__": [f"“{higher}” charges less than the lower income band “{lower}”."]
    }


def test_fee_order_only_compares_the_same_households():
    therapist = TherapistFactory(sliding_scale=True, sliding_scale_min_fee=40)
    SlidingScaleTierFactory(therapist=therapist, income_max=30000, household_max=2, fee=60)
    # A larger household on a higher income may still pay less.
    larger = SlidingScaleTier(therapist=therapist, income_min=30000, household_min=3, fee=40)
    assert_valid(larger)
    same_fee = SlidingScaleTier(therapist=therapist, income_min=30000, household_max=2, fee=60)
    assert_valid(same_fee)


def test_check_tiers_lists_every_conflict():
    ladder = [
        SlidingScaleTier(income_min=0, income_max=30000, fee=40),
        SlidingScaleTier(income_min=30000, income_max=60000, fee=70),
        SlidingScaleTier(income_min=60000, fee=100),
    ]
    assert SlidingScaleTier.check_tiers(ladder) == []
    ladder.append(SlidingScaleTier(income_min=50000, income_max=70000, fee=90))
    assert SlidingScaleTier.check_tiers(ladder) == [
        f"“{ladder[1]}” overlaps “{ladder[3]}”.",
        f"“{ladder[2]}” overlaps “{ladder[3]}”.",
    ]


# What a tier says and whom it applies to


@pytest.mark.parametrize(
    ("income", "household", "applies"),
    [
        (20000, 2, True),
        (39999, 4, True),
        (40000, 2, False),
        (19999, 2, False),
        (20000, 1, False),
        (20000, 5, False),
    ],
)
def test_applies_to_a_half_open_income_band_and_inclusive_households(income, household, applies):
    tier = SlidingScaleTier(
        income_min=20000, income_max=40000, household_min=2, household_max=4, fee=50
    )
    assert tier.applies_to(income, household) is applies


def test_open_ended_tier_applies_to_any_higher_income_and_household():
    tier = SlidingScaleTier(income_min=50000, household_min=3, fee=90)
    assert tier.applies_to(50000, 3)
    assert tier.applies_to(10_000_000, 12)
    assert not tier.applies_to(49999, 3)
    assert not tier.applies_to(60000, 2)


@pytest.mark.parametrize(
    ("income_min", "income_max", "text"),
    [
        (0, 30000, "$0 to $29,999"),
        (30000, 30001, "$30,000 to $30,000"),
        (50000, None, "$50,000 and above"),
    ],
)
def test_income_band_text(income_min, income_max, text):
    assert SlidingScaleTier(income_min=income_min, income_max=income_max).income_band == text


@pytest.mark.parametrize(
    ("household_min", "household_max", "text"),
    [(1, 1, "1 person"), (2, 2, "2 people"), (1, 4, "1-4 people"), (3, None, "3+ people")],
)
def test_household_band_text(household_min, household_max, text):
    tier = SlidingScaleTier(household_min=household_min, household_max=household_max)
    assert tier.household_band == text


def test_tier_str_reads_as_a_price_list_line():
    tier = SlidingScaleTier(income_min=0, income_max=30000, fee=40)
    assert str(tier) == "$0 to $29,999 · 1+ people: $40"
