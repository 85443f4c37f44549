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
# Common short forms at the start of a city's name.
PREFIXES = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}
# A city with this many times the ZIP codes of any other of its name is the one meant.
DOMINANT = 5
MAX_SUGGESTIONS = 5


class UnknownPlace(ValueError):
    def __init__(self, message, suggestions=()):
        super().__init__(message)
        self.suggestions = list(suggestions)


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    state: str
    # Other places of the same name, when a bare city name was taken to mean this one.
    alternatives: tuple = ()


def _key(name):
    """A city or state name reduced to how it is compared: "St. Louis" -> "saint louis"."""
    words = re.sub(r"[.'’]", "", name).replace("-", " ").casefold().split()
    if words and words[0] in PREFIXES:
        words[0] = PREFIXES[words[0]]
    return " ".join(words)


@cache
def _states():
    """Every way of writing a state (its code or its name) -> its code."""
    from ipt_finder.directory.choices import USState

    names = {_key(code): code for code in USState.values}
    names.update({_key(label): code for code, label in USState.choices})
    names["dc"] = names["washington dc"] = names["district of columbia"]
    return names


def _coordinates(record):
    latitude, longitude = float(record["lat"]), float(record["long"])
    # Military and some PO-box ZIPs carry 0,0 rather than a real position.
    if latitude == 0 and longitude == 0:
        return None
    return latitude, longitude


@dataclass(frozen=True)
class _City:
    name: str
    state: str
    latitude: float
    longitude: float
    zip_codes: int

    @property
    def label(self):
        return f"{self.name}, {self.state}"


@cache
def _cities():
    """City key -> its _City in each state, most ZIP codes first; built once, on first use."""
    positions, names = {}, {}
    for record in zipcodes.list_all():
        coordinates = _coordinates(record)
        if coordinates is None or record["zip_code_type"] == "MILITARY":
            continue
        # "Winston Salem" and "Winston-salem" are one city.
        key = (_key(record["city"]), record["state"])
        positions.setdefault(key, []).append(coordinates)
        names.setdefault(key, record["city"])
    cities = {}
    for (key, state), points in positions.items():
        latitude = sum(p[0] for p in points) / len(points)
        longitude = sum(p[1] for p in points) / len(points)
        city = _City(names[key, state], state, latitude, longitude, len(points))
        cities.setdefault(key, []).append(city)
    for found in cities.values():
        found.sort(key=lambda city: (-city.zip_codes, city.state))
    return cities


def _split(text):
    """(city, state code or None): the state may follow as a code or a name, with or
    without a comma."""
    if "," in text:
        city, _, state = text.rpartition(",")
        # An unknown state stays as written, so it matches no city.
        return city.strip(), _states().get(_key(state), state.strip() or None)
    words = text.split()
    # The longest trailing run of words that names a state ("New York", "TX").
    for length in (3, 2, 1):
        if len(words) > length and (code := _states().get(_key(" ".join(words[-length:])))):
            return " ".join(words[:-length]), code
    return text, None


def _find_city(text):
    city, state = _split(text)
    found = _cities().get(_key(city), [])
    if state:
        in_state = [c for c in found if c.state == state]
        if in_state:
            return _city_place(in_state[0])
        found = []
    if found and (len(found) == 1 or found[0].zip_codes >= DOMINANT * found[1].zip_codes):
        return _city_place(found[0], tuple(c.label for c in found[1:MAX_SUGGESTIONS]))
    if found:
        suggestions = [c.label for c in found[:MAX_SUGGESTIONS]]
        raise UnknownPlace(
            f"There is more than one {found[0].name}. Did you mean {_or(suggestions)}?",
            suggestions,
        )
    return None


def _or(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _city_place(city, alternatives=()):
    return Place(city.label, city.latitude, city.longitude, city.state, alternatives)


def geocode(text):
    """A Place for a US ZIP code ("10001") or a city ("Houston", "Austin, TX",
    "St. Louis, Missouri"). A bare city name means the only city of that name, or one
    far larger than the others; otherwise UnknownPlace suggests the likely ones."""
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
    place = _find_city(text)
    if place is None:
        raise UnknownPlace(
            f"We couldn't find “{text[:60]}”. Enter a 5-digit US ZIP code, or a city and "
            "state such as “Austin, TX”."
        )
    return place


def clean_place(text):
    """A form field's place: None when blank, a form error when unknown; an ambiguous
    name's error carries its suggestions as params["suggestions"]."""
    if not text:
        return None
    try:
        return geocode(text)
    except UnknownPlace as error:
        raise ValidationError(
            str(error), code="place", params={"suggestions": error.suggestions}
        ) from error


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
