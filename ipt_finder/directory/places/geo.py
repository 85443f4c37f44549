"""Offline geocoding of US ZIP codes and cities, and distances in miles."""

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import zipcodes
from django.core.exceptions import ValidationError
from django.db.models import FloatField, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_MILES = 3958.8
ZIP_RE = re.compile(r"^\d{5}(-\d{4})?$")
CITY_RE = re.compile(r"^(?P<city>[^,]+?)\s*(,\s*|\s+)(?P<state>[A-Za-z]{2})$")


class UnknownPlace(ValueError):
    pass


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    state: str


def _coordinates(record):
    latitude, longitude = float(record["lat"]), float(record["long"])
    # Military and some PO-box ZIPs carry 0,0 rather than a real position.
    if latitude == 0 and longitude == 0:
        return None
    return latitude, longitude


@cache
def _cities():
    """(city, state) -> mean position of its ZIP codes; built once, on first use."""
    positions = {}
    for record in zipcodes.list_all():
        coordinates = _coordinates(record)
        if coordinates is None or record["zip_code_type"] == "MILITARY":
            continue
        key = (record["city"].casefold(), record["state"])
        positions.setdefault(key, []).append(coordinates)
    return {
        key: (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for key, points in positions.items()
    }


def geocode(text):
    """A Place for a US ZIP code ("10001") or a city and state ("Austin, TX")."""
    text = " ".join(text.split())
    if ZIP_RE.match(text):
        try:
            records = zipcodes.matching(text)
        except (ValueError, TypeError) as error:
            raise UnknownPlace(f"“{text}” is not a ZIP code we know.") from error
        coordinates = _coordinates(records[0]) if records else None
        if coordinates is None:
            raise UnknownPlace(f"We don't have a location for ZIP code {text[:5]}.")
        record = records[0]
        return Place(
            f"{record['city']}, {record['state']} {text[:5]}", *coordinates, record["state"]
        )
    match = CITY_RE.match(text)
    if match:
        city, state = match["city"], match["state"].upper()
        coordinates = _cities().get((city.casefold(), state))
        if coordinates:
            return Place(f"{city.title()}, {state}", *coordinates, state)
    raise UnknownPlace(
        f"We couldn't find “{text[:60]}”. Enter a 5-digit US ZIP code, or a city and state "
        "such as “Austin, TX”."
    )


def clean_place(text):
    """A form field's place: None when blank, a form error when unknown."""
    if not text:
        return None
    try:
        return geocode(text)
    except UnknownPlace as error:
        raise ValidationError(str(error)) from error


def bounding_box(latitude, longitude, miles):
    """(south, north, west, east) enclosing a circle of `miles` around a point."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    dlon = math.degrees(miles / (EARTH_RADIUS_MILES * max(math.cos(math.radians(latitude)), 0.01)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def distance_miles(latitude, longitude, latitude_field="latitude", longitude_field="longitude"):
    """A database expression for the great-circle distance from a point, in miles."""
    lat1 = Value(math.radians(latitude), output_field=FloatField())
    lon1 = Value(math.radians(longitude), output_field=FloatField())
    lat2 = Radians(Cast(latitude_field, FloatField()))
    lon2 = Radians(Cast(longitude_field, FloatField()))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    return Value(2 * EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(Sqrt(a))


def distances_miles(latitude, longitude, latitudes, longitudes):
    """distance_miles for arrays of points (numpy), by the same formula."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = np.radians(latitudes), np.radians(longitudes)
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(a))
