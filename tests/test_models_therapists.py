"""The therapist listing: its own rules, problem areas and the search QuerySet."""

import datetime
import itertools
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from ipt_finder.directory.choices import (
    LICENCES_BY_PROFESSION,
    Accepting,
    LicenceType,
    MaintenanceFrequency,
    ProblemArea,
    Profession,
    Status,
)
from ipt_finder.directory.models import FRESHNESS_DAYS, ProblemAreaExperience, Therapist
from tests.checks import UNIQUE, assert_valid, clean_errors, rejected_by_database
from tests.factories import ProblemAreaExperienceFactory, TherapistFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(time_machine):
    noon = datetime.datetime.combine(TODAY, datetime.time(12))
    time_machine.move_to(noon.replace(tzinfo=zoneinfo.ZoneInfo("America/New_York")), tick=False)
    return TODAY


def test_factory_builds_a_valid_therapist():
    assert_valid(TherapistFactory.build())


# Course and session length


@pytest.mark.parametrize(("shortest", "longest"), [(1, 1), (12, 16), (1, 52), (52, 52)])
def test_course_length_within_range_is_accepted(shortest, longest):
    assert_valid(TherapistFactory.build(course_sessions_min=shortest, course_sessions_max=longest))


@pytest.mark.parametrize(("shortest", "longest"), [(0, 12), (16, 12), (12, 53)])
def test_course_length_out_of_range_is_rejected_by_the_database(shortest, longest):
    with rejected_by_database("therapist_course_length_range"):
        TherapistFactory(course_sessions_min=shortest, course_sessions_max=longest)


def test_course_length_errors_are_readable():
    backwards = TherapistFactory.build(course_sessions_min=16, course_sessions_max=12)
    assert clean_errors(backwards) == {
        "__all__": ["Give a course length from 1 to 52 sessions, shortest first."]
    }
    too_long = TherapistFactory.build(course_sessions_max=53)
    assert clean_errors(too_long) == {
        "course_sessions_max": ["Ensure this value is less than or equal to 52."]
    }
    empty = TherapistFactory.build(course_sessions_min=0)
    assert clean_errors(empty) == {
        "course_sessions_min": ["Ensure this value is greater than or equal to 1."]
    }


@pytest.mark.parametrize("minutes", [15, 50, 180])
def test_session_minutes_within_range_are_accepted(minutes):
    assert_valid(TherapistFactory.build(session_minutes=minutes))


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (14, "Ensure this value is greater than or equal to 15."),
        (181, "Ensure this value is less than or equal to 180."),
    ],
)
def test_session_minutes_out_of_range_are_rejected(minutes, message):
    with rejected_by_database("therapist_session_minutes_range"):
        TherapistFactory(session_minutes=minutes)
    assert clean_errors(TherapistFactory.build(session_minutes=minutes)) == {
        "session_minutes": [message]
    }


# Experience


def test_ipt_years_may_equal_years_in_practice():
    assert_valid(TherapistFactory.build(years_in_practice=8, ipt_years=8))


def test_ipt_years_beyond_years_in_practice_are_rejected():
    therapist = TherapistFactory(years_in_practice=8, ipt_years=5)
    with rejected_by_database("therapist_ipt_years_within_practice"):
        Therapist.objects.filter(pk=therapist.pk).update(ipt_years=9)
    assert clean_errors(TherapistFactory.build(years_in_practice=8, ipt_years=9)) == {
        "__all__": ["Years practising IPT can't exceed years in practice."]
    }


# Maintenance


@pytest.mark.parametrize(
    ("offered", "frequency"),
    [(True, MaintenanceFrequency.MONTHLY), (True, ""), (False, "")],
)
def test_maintenance_frequency_with_maintenance_is_accepted(offered, frequency):
    assert_valid(
        TherapistFactory.build(offers_maintenance=offered, maintenance_frequency=frequency)
    )


def test_maintenance_frequency_without_maintenance_is_rejected():
    with rejected_by_database("therapist_maintenance_frequency_needs_maintenance"):
        TherapistFactory(offers_maintenance=False, maintenance_frequency="monthly")
    without = TherapistFactory.build(offers_maintenance=False, maintenance_frequency="monthly")
    assert clean_errors(without) == {
        "maintenance_frequency": ["Only give a frequency if maintenance is offered."]
    }


# Licence type and profession (clean() only: the pairing lives in choices.py)


def test_licence_type_must_fit_the_profession():
    def accepted(profession, licence_type):
        try:
            Therapist(profession=profession, licence_type=licence_type).clean()
        except ValidationError:
            return False
        return True

    assert set(LICENCES_BY_PROFESSION) == set(Profession)
    pairs = itertools.product(Profession, LicenceType)
    assert {pair for pair in pairs if accepted(*pair)} == {
        (profession, licence_type)
        for profession, allowed in LICENCES_BY_PROFESSION.items()
        for licence_type in allowed
    }


def test_licence_type_error_names_both():
    therapist = TherapistFactory.build(
        profession=Profession.PSYCHOLOGIST, licence_type=LicenceType.LCSW
    )
    assert clean_errors(therapist) == {
        "licence_type": ["LCSW is not a licence for a psychologist."]
    }


@pytest.mark.parametrize(
    ("profession", "licence_type", "field", "message"),
    [
        ("", LicenceType.LCSW, "profession", "This field cannot be blank."),
        ("astrologer", LicenceType.LCSW, "profession", "Value 'astrologer' is not a valid choice."),
        (Profession.SOCIAL_WORKER, "", "licence_type", "This field cannot be blank."),
        (Profession.SOCIAL_WORKER, "bogus", "licence_type", "Value 'bogus' is not a valid choice."),
    ],
)
def test_unknown_profession_or_licence_is_a_field_error(profession, licence_type, field, message):
    therapist = TherapistFactory.build(profession=profession, licence_type=licence_type)
    assert clean_errors(therapist) == {field: [message]}


# Uniqueness


def test_slugs_are_unique():
    therapist = TherapistFactory(slug="jordan-avery")
    assert_valid(TherapistFactory.build(slug="jordan-avery-2"))
    with rejected_by_database(UNIQUE):
        TherapistFactory(slug=therapist.slug)
    assert clean_errors(TherapistFactory.build(slug=therapist.slug)) == {
        "slug": ["Therapist with this Slug already exists."]
    }


def test_problem_area_is_listed_once_per_therapist():
    listed = ProblemAreaExperienceFactory(area=ProblemArea.GRIEF)
    assert_valid(ProblemAreaExperience(therapist=listed.therapist, area=ProblemArea.ROLE_DISPUTES))
    assert_valid(ProblemAreaExperience(therapist=TherapistFactory(), area=ProblemArea.GRIEF))
    with rejected_by_database(UNIQUE):
        ProblemAreaExperienceFactory(therapist=listed.therapist, area=ProblemArea.GRIEF)

    again = ProblemAreaExperience(therapist=listed.therapist, area=ProblemArea.GRIEF)
    assert clean_errors(again) == {"__all__": ["This problem area is already listed."]}


def test_problem_area_must_be_one_of_the_four():
    unknown = ProblemAreaExperience(therapist=TherapistFactory(), area="anger")
    assert clean_errors(unknown) == {"area": ["Value 'anger' is not a valid choice."]}


# Search vocabulary


def test_published_only_returns_published_listings():
    by_status = {status: TherapistFactory(status=status) for status in Status}
    assert list(Therapist.objects.published()) == [by_status[Status.PUBLISHED]]


@pytest.mark.parametrize(
    ("accepting", "days_ago", "counts"),
    [
        (Accepting.YES, 0, True),
        (Accepting.YES, FRESHNESS_DAYS, True),
        (Accepting.YES, FRESHNESS_DAYS + 1, False),
        (Accepting.YES, None, False),
        (Accepting.WAITLIST, 0, False),
        (Accepting.NO, 0, False),
    ],
)
def test_accepting_trusts_only_a_fresh_yes(today, accepting, days_ago, counts):
    confirmed = None if days_ago is None else today - datetime.timedelta(days=days_ago)
    therapist = TherapistFactory(accepting=accepting, accepting_confirmed_on=confirmed)
    assert Therapist.objects.accepting().filter(pk=therapist.pk).exists() is counts
    if accepting == Accepting.YES:
        assert therapist.accepting_is_fresh() is counts


def test_accepting_goes_stale_as_days_pass(today, time_machine):
    therapist = TherapistFactory(accepting_confirmed_on=today - datetime.timedelta(days=90))
    assert list(Therapist.objects.accepting()) == [therapist]
    time_machine.shift(datetime.timedelta(days=1))
    assert not Therapist.objects.accepting().exists()
    assert list(Therapist.objects.accepting(on=today)) == [therapist]


def test_published_and_accepting_chain(today):
    wanted = TherapistFactory()
    TherapistFactory(status=Status.DRAFT)
    TherapistFactory(accepting=Accepting.WAITLIST)
    assert list(Therapist.objects.published().accepting()) == [wanted]


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Jordan Avery", "JA"),
        ("Dr. Maya Lin", "ML"),
        ("María de la Cruz", "MC"),
        ("bell hooks", "BH"),
        ("Ngozi Okafor-Adeyemi", "NO"),
        ("Sam (Samir) Haddad", "SH"),
        ("Cher", "C"),
        ("Dr. Ana", "A"),
        ("", ""),
    ],
)
def test_initials(name, initials):
    assert Therapist(name=name).initials == initials
