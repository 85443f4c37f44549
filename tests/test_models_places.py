"""Offices and organisations: coordinates, wheelchair access and slugs."""

from decimal import Decimal

import pytest

from ipt_finder.directory.choices import AccessConfirmedBy, Wheelchair
from tests.checks import UNIQUE, assert_valid, clean_errors, rejected_by_database
from tests.factories import LocationFactory, OrganisationFactory, TherapistFactory

pytestmark = pytest.mark.django_db

PLACES = [
    pytest.param(LocationFactory, id="location"),
    pytest.param(OrganisationFactory, id="organisation"),
]


def build(factory, **values):
    if factory is LocationFactory:
        values.setdefault("therapist", TherapistFactory())
    return factory.build(**values)


@pytest.mark.parametrize("factory", PLACES)
@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("90", "180"), ("-90", "-180"), ("0", "0"), ("42.650000", "-73.750000"), (None, None)],
)
def test_coordinates_in_range_are_accepted(factory, latitude, longitude):
    assert_valid(build(factory, latitude=latitude, longitude=longitude))


@pytest.mark.parametrize("factory", PLACES)
@pytest.mark.parametrize(
    ("latitude", "longitude", "constraint", "message"),
    [
        ("90.000001", "0", "latitude_range", "Latitude must be between -90 and 90."),
        ("-91", "0", "latitude_range", "Latitude must be between -90 and 90."),
        ("0", "180.5", "longitude_range", "Longitude must be between -180 and 180."),
        ("0", "-181", "longitude_range", "Longitude must be between -180 and 180."),
        ("42.65", None, "coordinates_paired", "Give both latitude and longitude, or neither."),
        (None, "-73.75", "coordinates_paired", "Give both latitude and longitude, or neither."),
    ],
)
def test_coordinates_out_of_range_or_unpaired_are_rejected(
    factory, latitude, longitude, constraint, message
):
    with rejected_by_database(constraint):
        factory(latitude=latitude, longitude=longitude)
    place = build(factory, latitude=latitude, longitude=longitude)
    assert clean_errors(place) == {"__all__": [message]}


def test_saved_coordinates_keep_their_precision():
    location = LocationFactory(latitude="40.712776", longitude="-74.005974")
    location.refresh_from_db()
    assert (location.latitude, location.longitude) == (Decimal("40.712776"), Decimal("-74.005974"))


@pytest.mark.parametrize(
    ("wheelchair", "confirmed_by"),
    [
        (Wheelchair.UNKNOWN, ""),
        (Wheelchair.YES, AccessConfirmedBy.CURATOR),
        (Wheelchair.NO, AccessConfirmedBy.SELF_REPORTED),
        (Wheelchair.YES, AccessConfirmedBy.VISITOR),
    ],
)
def test_wheelchair_access_with_a_source_is_accepted(wheelchair, confirmed_by):
    location = build(LocationFactory, wheelchair=wheelchair, wheelchair_confirmed_by=confirmed_by)
    assert_valid(location)


@pytest.mark.parametrize("wheelchair", [Wheelchair.YES, Wheelchair.NO])
def test_wheelchair_access_without_a_source_is_rejected(wheelchair):
    with rejected_by_database("location_wheelchair_access_has_source"):
        LocationFactory(wheelchair=wheelchair, wheelchair_confirmed_by="")
    location = build(LocationFactory, wheelchair=wheelchair, wheelchair_confirmed_by="")
    assert clean_errors(location) == {"__all__": ["Say who confirmed the wheelchair access."]}


def test_organisation_slugs_are_unique():
    organisation = OrganisationFactory(slug="albany-cmhc")
    assert_valid(OrganisationFactory.build(slug="albany-cmhc-2"))
    with rejected_by_database(UNIQUE):
        OrganisationFactory(slug=organisation.slug)
    assert clean_errors(OrganisationFactory.build(slug=organisation.slug)) == {
        "slug": ["Organisation with this Slug already exists."]
    }
