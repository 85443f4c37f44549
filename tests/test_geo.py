"""Offline geocoding of ZIP codes and cities, bounding boxes and distances."""

import math

import pytest
import zipcodes

from ipt_finder.directory.models import Location
from ipt_finder.directory.places import geo
from tests.factories import LocationFactory

MILES_PER_KM = 0.621371
# The mean Earth radius, written out here rather than taken from geo.py.
RADIUS_MILES = 6371.0088 * MILES_PER_KM


def haversine(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RADIUS_MILES * math.asin(math.sqrt(a))


def destination(lat, lon, bearing, miles):
    """The point `miles` from (lat, lon) along `bearing` degrees."""
    delta, theta, phi1 = miles / RADIUS_MILES, math.radians(bearing), math.radians(lat)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = math.radians(lon) + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


def zip_position(code):
    record = zipcodes.matching(code)[0]
    return float(record["lat"]), float(record["long"])


# Geocoding


@pytest.mark.parametrize(
    ("text", "code", "label"),
    [
        ("12207", "12207", "Albany, NY 12207"),
        ("78701", "78701", "Austin, TX 78701"),
        ("94612-1234", "94612", "Oakland, CA 94612"),
        (" 11201 ", "11201", "Brooklyn, NY 11201"),
    ],
)
def test_zip_codes_give_their_own_position(text, code, label):
    place = geo.geocode(text)

    assert (place.latitude, place.longitude) == zip_position(code)
    assert place.label == label
    assert place.state == zipcodes.matching(code)[0]["state"]


@pytest.mark.parametrize(
    ("text", "label", "near_zip"),
    [
        ("Austin, TX", "Austin, TX", "78701"),
        ("Austin TX", "Austin, TX", "78701"),
        ("  austin ,   tx ", "Austin, TX", "78701"),
        ("AUSTIN,TX", "Austin, TX", "78701"),
        ("Albany, ny", "Albany, NY", "12207"),
        ("Oakland CA", "Oakland, CA", "94612"),
        ("New   York, NY", "New York, NY", "10001"),
    ],
)
def test_cities_are_found_whatever_the_case_and_spacing(text, label, near_zip):
    place = geo.geocode(text)

    assert place.label == label
    assert place.state == label[-2:]
    # A city's position is the middle of its ZIP codes: a few miles from downtown.
    assert haversine(place.latitude, place.longitude, *zip_position(near_zip)) < 15


def test_a_city_is_looked_for_in_the_state_given():
    oregon, maine = geo.geocode("Portland, OR"), geo.geocode("Portland, ME")

    assert haversine(oregon.latitude, oregon.longitude, maine.latitude, maine.longitude) > 2000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00000", "We don't have a location for ZIP code 00000."),
        ("09001", "We don't have a location for ZIP code 09001."),
        ("09001-1234", "We don't have a location for ZIP code 09001."),
        ("123", "We couldn't find “123”. Enter a 5-digit US ZIP code"),
        ("123456", "We couldn't find “123456”."),
        ("abcde", "We couldn't find “abcde”."),
        ("12207-12", "We couldn't find “12207-12”."),
        ("Springfield", "There is more than one Springfield. Did you mean Springfield, IL,"),
        ("Houston, ZZ", "We couldn't find “Houston, ZZ”."),
        ("Atlantis, ZZ", "We couldn't find “Atlantis, ZZ”."),
        ("Apo, AE", "We couldn't find “Apo, AE”."),
        ("", "We couldn't find “”."),
    ],
)
def test_unknown_places_raise_a_readable_error(text, message):
    with pytest.raises(geo.UnknownPlace) as error:
        geo.geocode(text)

    assert str(error.value).startswith(message)


def test_a_long_unknown_place_is_shortened_in_the_message():
    with pytest.raises(geo.UnknownPlace) as error:
        geo.geocode("x" * 500)

    assert len(str(error.value)) < 200


# Bounding box and distance


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(42.6526, -73.7562), (30.2713, -97.7426), (64.8378, -147.7164), (0.5, 10.0), (-33.9, 18.4)],
)
@pytest.mark.parametrize("miles", [1, 25, 100])
def test_bounding_box_contains_the_whole_circle(latitude, longitude, miles):
    south, north, west, east = geo.bounding_box(latitude, longitude, miles)

    for bearing in range(0, 360, 5):
        lat, lon = destination(latitude, longitude, bearing, miles * 0.999)
        assert south <= lat <= north
        assert west <= lon <= east
    # And is not much larger than it: a degree of latitude is about 69 miles.
    assert north - south == pytest.approx(2 * miles / 69.1, rel=0.01)


@pytest.mark.django_db
def test_distance_in_the_database_agrees_with_haversine():
    albany = zip_position("12207")
    places = {
        "brooklyn": zip_position("11201"),
        "austin": zip_position("78701"),
        "oakland": zip_position("94612"),
        "albany": albany,
        "anchorage": (61.2181, -149.9003),
    }
    for label, (lat, lon) in places.items():
        LocationFactory(label=label, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}")

    distances = dict(
        Location.objects.annotate(distance=geo.distance_miles(*albany)).values_list(
            "label", "distance"
        )
    )

    assert set(distances) == set(places)
    for label, (lat, lon) in places.items():
        assert distances[label] == pytest.approx(haversine(*albany, lat, lon), abs=0.1)
    assert distances["albany"] < 0.01
    assert 125 < distances["brooklyn"] < 145
    assert 2500 < distances["oakland"] < 2600


@pytest.mark.parametrize(
    "text, label",
    [
        ("Houston", "Houston, TX"),
        ("houston", "Houston, TX"),
        ("Houston, Texas", "Houston, TX"),
        ("Houston Texas", "Houston, TX"),
        ("houston tx", "Houston, TX"),
        ("Los Angeles", "Los Angeles, CA"),
        ("St. Louis", "Saint Louis, MO"),
        ("st louis, missouri", "Saint Louis, MO"),
        ("Ft Worth", "Fort Worth, TX"),
        ("Winston-Salem", "Winston Salem, NC"),
        ("New York New York", "New York, NY"),
        ("Portland, Maine", "Portland, ME"),
        ("Washington, DC", "Washington, DC"),
    ],
)
def test_city_names_as_people_type_them(text, label):
    assert geo.geocode(text).label == label


def test_a_bare_city_name_means_the_far_larger_one_and_names_the_others():
    place = geo.geocode("Portland")

    assert (place.label, place.state) == ("Portland, OR", "OR")
    assert place.alternatives[0] == "Portland, ME"
    assert geo.geocode("Portland, OR").alternatives == ()


def test_an_ambiguous_city_name_suggests_the_likely_ones():
    with pytest.raises(geo.UnknownPlace) as error:
        geo.geocode("Springfield")

    assert error.value.suggestions[:3] == ["Springfield, IL", "Springfield, MA", "Springfield, MO"]
    assert len(error.value.suggestions) == geo.MAX_SUGGESTIONS


def test_a_form_error_carries_the_suggestions():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        geo.clean_place("Springfield")

    assert error.value.params["suggestions"][0] == "Springfield, IL"
