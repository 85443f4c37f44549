"""Credentials and trainings: verification, expiry, dates, numbers and IPT levels."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from ipt_finder.directory.choices import LEVELS, CredentialKind, IPTLevel, Rung, Verification
from ipt_finder.directory.models import Credential, IPTTraining, Therapist
from tests.checks import UNIQUE, assert_valid, clean_errors, rejected_by_database
from tests.factories import (
    CredentialFactory,
    CulturalTrainingFactory,
    IPTTrainingFactory,
    IssuingBodyFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
VERIFIABLE = [
    pytest.param(CredentialFactory, id="credential"),
    pytest.param(IPTTrainingFactory, id="ipt-training"),
    pytest.param(CulturalTrainingFactory, id="cultural-training"),
]


@pytest.fixture
def today(time_machine):
    noon = datetime.datetime.combine(TODAY, datetime.time(12))
    time_machine.move_to(noon.replace(tzinfo=zoneinfo.ZoneInfo("America/New_York")), tick=False)
    return TODAY


def build(factory, **values):
    """An unsaved record whose related rows are saved, ready for full_clean()."""
    if "therapist" not in values:
        values["therapist"] = TherapistFactory()
    if factory is CredentialFactory and "issuer" not in values:
        values["issuer"] = IssuingBodyFactory()
    return factory.build(**values)


# Verification needs a date


@pytest.mark.parametrize("factory", VERIFIABLE)
def test_verified_record_without_a_date_is_rejected_by_the_database(factory):
    with rejected_by_database("verified_has_date"):
        factory(verification=Verification.VERIFIED, verified_at=None)


@pytest.mark.parametrize("factory", VERIFIABLE)
def test_full_clean_dates_a_verified_record(today, factory):
    record = build(factory, verification=Verification.VERIFIED, verified_at=None)
    assert_valid(record)
    assert record.verified_at == timezone.now()


@pytest.mark.parametrize("factory", VERIFIABLE)
@pytest.mark.parametrize("verification", [Verification.UNVERIFIED, Verification.REJECTED])
def test_unverified_and_rejected_records_need_no_date(factory, verification):
    record = build(factory, verification=verification, verified_at=None)
    assert_valid(record)
    assert record.verified_at is None


# Dates in order

DATE_ORDER = [
    pytest.param(
        CredentialFactory,
        "issued_on",
        "The expiry date must be after the issue date.",
        id="credential",
    ),
    pytest.param(
        IPTTrainingFactory,
        "completed_on",
        "The renewal date must be after completion.",
        id="ipt-training",
    ),
    pytest.param(
        CulturalTrainingFactory,
        "completed_on",
        "The expiry date must be after completion.",
        id="cultural-training",
    ),
]


@pytest.mark.parametrize(("factory", "start", "message"), DATE_ORDER)
@pytest.mark.parametrize(
    ("started", "expires"),
    [
        (datetime.date(2024, 1, 1), datetime.date(2024, 1, 1)),
        (datetime.date(2024, 1, 1), datetime.date(2027, 1, 1)),
        (None, datetime.date(2024, 1, 1)),
        (datetime.date(2024, 1, 1), None),
    ],
)
def test_dates_in_order_are_accepted(factory, start, message, started, expires):
    assert_valid(build(factory, **{start: started}, expires_on=expires))


@pytest.mark.parametrize(("factory", "start", "message"), DATE_ORDER)
def test_expiry_before_the_start_is_rejected(factory, start, message):
    backwards = {start: datetime.date(2024, 1, 2), "expires_on": datetime.date(2024, 1, 1)}
    with rejected_by_database(f"{start}_before_expires_on"):
        factory(**backwards)
    assert clean_errors(build(factory, **backwards)) == {"__all__": [message]}


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (CredentialFactory, "issued_on"),
        (IPTTrainingFactory, "completed_on"),
        (CulturalTrainingFactory, "completed_on"),
    ],
)
def test_start_dates_may_not_be_in_the_future(today, factory, field):
    # A day's grace covers time zones ahead of the server's.
    assert_valid(build(factory, **{field: today + DAY}, expires_on=None))
    record = build(factory, **{field: today + 2 * DAY}, expires_on=None)
    assert clean_errors(record) == {field: ["This date is in the future."]}


# Licence numbers


def test_duplicate_licence_number_is_rejected():
    first = CredentialFactory(number="LCSW-1234")
    duplicate = {
        "issuer": first.issuer,
        "jurisdiction": first.jurisdiction,
        "number": "LCSW-1234",
    }
    with rejected_by_database(UNIQUE):
        CredentialFactory(**duplicate)
    assert clean_errors(CredentialFactory.build(therapist=TherapistFactory(), **duplicate)) == {
        "__all__": [
            "Another credential already has this number from the same issuer and jurisdiction."
        ]
    }


def test_same_licence_number_elsewhere_is_allowed():
    first = CredentialFactory(number="LCSW-1234", jurisdiction="NY")
    assert_valid(
        build(CredentialFactory, issuer=IssuingBodyFactory(), number="LCSW-1234", jurisdiction="NY")
    )
    assert_valid(
        build(CredentialFactory, issuer=first.issuer, number="LCSW-1234", jurisdiction="NJ")
    )
    assert Credential.objects.filter(number="LCSW-1234").count() == 3


def test_blank_licence_numbers_never_collide():
    first = CredentialFactory(number="")
    for _ in range(2):
        assert_valid(build(CredentialFactory, issuer=first.issuer, number="", jurisdiction="NY"))
    assert Credential.objects.filter(number="", issuer=first.issuer).count() == 3


# Expiry: one rule for verified, in SQL and in Python

VERIFIED_CASES = [
    pytest.param(Verification.VERIFIED, None, True, id="verified-no-expiry"),
    pytest.param(Verification.VERIFIED, 365, True, id="verified-unexpired"),
    pytest.param(Verification.VERIFIED, 0, True, id="verified-expiring-today"),
    pytest.param(Verification.VERIFIED, -1, False, id="verified-expired-yesterday"),
    pytest.param(Verification.UNVERIFIED, None, False, id="unverified-no-expiry"),
    pytest.param(Verification.UNVERIFIED, 365, False, id="unverified-unexpired"),
    pytest.param(Verification.REJECTED, 365, False, id="rejected-unexpired"),
]


def licence(verification, expires_in_days, **values):
    return CredentialFactory(
        verification=verification,
        verified_at=timezone.now() if verification == Verification.VERIFIED else None,
        expires_on=None if expires_in_days is None else TODAY + expires_in_days * DAY,
        **values,
    )


@pytest.mark.parametrize(("verification", "expires_in_days", "counts"), VERIFIED_CASES)
def test_verified_licence_agrees_everywhere(today, verification, expires_in_days, counts):
    credential = licence(verification, expires_in_days)
    therapists = Therapist.objects.filter(pk=credential.therapist_id)
    assert Credential.objects.verified().filter(pk=credential.pk).exists() is counts
    assert credential.is_verified() is counts
    assert therapists.with_verified_licence().exists() is counts
    assert therapists.annotate_verified_licence().get().has_verified_licence is counts


def test_expired_yesterday_is_expired_but_expiring_today_is_not(today):
    assert licence(Verification.VERIFIED, -1).is_expired()
    assert not licence(Verification.VERIFIED, 0).is_expired()
    assert not licence(Verification.VERIFIED, None).is_expired()


def test_licence_stops_counting_the_day_after_it_expires(today, time_machine):
    credential = licence(Verification.VERIFIED, 0)
    assert list(Therapist.objects.with_verified_licence()) == [credential.therapist]
    time_machine.shift(DAY)
    assert not Therapist.objects.with_verified_licence().exists()
    assert not credential.is_verified()
    # Asking about a given day gives the same answer whenever it is asked.
    assert Credential.objects.verified(on=TODAY).get() == credential
    assert credential.is_verified(on=TODAY)


@pytest.mark.parametrize("factory", VERIFIABLE)
def test_every_verifiable_record_uses_the_same_rule(today, factory):
    verified = {"verification": Verification.VERIFIED, "verified_at": timezone.now()}
    current = factory(**verified, expires_on=TODAY)
    factory(**verified, expires_on=TODAY - DAY)
    factory(expires_on=None)
    assert list(current._meta.model.objects.verified()) == [current]


def test_only_licences_count_as_a_verified_licence(today):
    certificate = licence(Verification.VERIFIED, None, kind=CredentialKind.CERTIFICATION)
    assert certificate.is_verified()
    assert not Therapist.objects.with_verified_licence().exists()


def test_a_therapist_with_several_licences_is_listed_once(today):
    therapist = TherapistFactory()
    licence(Verification.VERIFIED, None, therapist=therapist)
    licence(Verification.VERIFIED, 30, therapist=therapist)
    licence(Verification.VERIFIED, -30, therapist=therapist)
    assert list(Therapist.objects.with_verified_licence()) == [therapist]


# IPT levels: the body and rung are generated from the level


def test_every_level_has_a_body_and_rung():
    assert set(LEVELS) == set(IPTLevel)


@pytest.mark.parametrize("level", IPTLevel)
def test_saved_body_and_rung_follow_the_level(level):
    body, rung = LEVELS[level]
    training = IPTTrainingFactory(level=level)
    saved = IPTTraining.objects.values_list("body", "rung").get(pk=training.pk)
    assert saved == (body.value, rung.value)
    assert (training.get_body_display(), training.get_rung_display()) == (body.label, rung.label)


def test_changing_the_level_moves_the_rung():
    training = IPTTrainingFactory(level=IPTLevel.INSTITUTE_A)
    training.level = IPTLevel.INSTITUTE_E
    training.save()
    training.refresh_from_db()
    assert (training.body, training.rung) == ("institute", Rung.TRAINER)
    assert list(IPTTraining.objects.filter(rung__gte=Rung.SUPERVISOR)) == [training]


def test_unknown_level_is_rejected():
    with rejected_by_database("ipt_training_known_level"):
        IPTTrainingFactory(level="black_belt")
    assert clean_errors(build(IPTTrainingFactory, level="black_belt")) == {
        "level": ["Value 'black_belt' is not a valid choice."]
    }


def test_training_hours_have_a_ceiling():
    assert_valid(build(IPTTrainingFactory, hours=5000))
    with rejected_by_database("ipt_training_hours_range"):
        IPTTrainingFactory(hours=5001)
    assert clean_errors(build(IPTTrainingFactory, hours=5001)) == {
        "hours": ["Ensure this value is less than or equal to 5000."]
    }
