"""What the HSDS and FHIR views share: parameters, paging and conditional responses."""

import datetime
import math

from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.dateparse import parse_date, parse_datetime


class BadParameter(ValueError):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


def integer(params, name, default, low, high):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a whole number.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be from {low} to {high}.")
    return value


def moment(name, raw):
    """A date or date-time (ISO 8601) as an aware date-time; a date means its midnight."""
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)):
            value = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, f"{name} must be a date or date-time such as 2026-05-01.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def unknown(params, allowed):
    extra = sorted(set(params) - set(allowed))
    if extra:
        raise BadParameter(extra[0], f"Unknown parameter {extra[0]}; this API takes "
                           f"{', '.join(sorted(allowed))}.")  # fmt: skip


class Page:
    """One page of `queryset`: two queries, the count and the rows."""

    def __init__(self, queryset, number, size):
        self.total = queryset.count()
        self.size = size
        self.pages = max(1, math.ceil(self.total / size))
        self.number = number
        start = (number - 1) * size
        self.rows = list(queryset[start : start + size]) if start < self.total else []

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def has_previous(self):
        return self.number > 1


def respond(request, data, status=200, content_type="application/json"):
    """A JSON response with an ETag, or 304 if the client has this version."""
    response = JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    if status != 200:
        return response
    set_response_etag(response)
    response.headers["Cache-Control"] = "public, max-age=300"
    return get_conditional_response(request, etag=response.headers["ETag"], response=response)
