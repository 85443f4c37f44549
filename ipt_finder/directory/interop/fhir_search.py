"""FHIR search parameters: token, reference, string and _lastUpdated, as Plan-Net names them."""

import datetime

from django.db.models import Q

from . import api, ids

PREFIXES = {"gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}


class NotFound(Exception):
    pass


def token(params, name):
    """(system, code) from `system|code` or `code`; system is None when not given."""
    raw = params.get(name, "")
    if "|" in raw:
        system, code = raw.split("|", 1)
        return system or None, code
    return None, raw


def local_id(params, name, resource_types):
    """The id in a reference parameter: `Type/id`, a full URL ending in it, or the bare id."""
    raw = params.get(name, "").rstrip("/")
    parts = raw.split("/")
    if len(parts) >= 2:
        if parts[-2] not in resource_types:
            raise api.BadParameter(name, f"{name} must refer to a {' or '.join(resource_types)}.")
        return parts[-1]
    return raw


def last_updated(params, field="updated_at"):
    """A Q for each `_lastUpdated` value, such as ge2026-01-01 or lt2026-06-01T00:00:00Z."""
    condition = Q()
    for raw in params.getlist("_lastUpdated"):
        prefix, value = (raw[:2], raw[2:]) if raw[:2].isalpha() else ("eq", raw)
        if prefix == "eq":
            start = api.moment("_lastUpdated", value)
            end = start + datetime.timedelta(days=1 if len(value) == 10 else 0, seconds=1)
            condition &= Q(**{f"{field}__gte": start, f"{field}__lt": end})
        elif prefix in PREFIXES:
            moment = api.moment("_lastUpdated", value)
            condition &= Q(**{f"{field}__{PREFIXES[prefix]}": moment})
        else:
            raise api.BadParameter("_lastUpdated", "Use the prefix eq, gt, ge, lt or le.")
    return condition


def name_q(text, field="name"):
    """Matches the start of any word of `field`, ignoring case."""
    return Q(**{f"{field}__istartswith": text}) | Q(**{f"{field}__icontains": f" {text}"})


def starts_any_word(text, value):
    text = text.lower()
    return any(word.startswith(text) for word in value.lower().split())


def resolved(public_id, kind):
    """The natural key of a published record, or NotFound: a search for it finds nothing."""
    key = ids.resolve(public_id, kind)
    if key is None:
        raise NotFound
    return key
