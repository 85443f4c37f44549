"""Cached option lists for the vocabulary tables, which change rarely."""

from functools import partial

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Insurer,
    Language,
    PaymentMethod,
    Trait,
)

CACHED = (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Insurer,
    Language,
    PaymentMethod,
    Trait,
)
TIMEOUT = 60 * 10


def _key(model):
    return f"vocabulary:{model._meta.label_lower}"


def vocabulary_rows(model):
    """Every row of a vocabulary, as dicts, in display order."""
    return cache.get_or_set(_key(model), lambda: list(model.objects.values()), TIMEOUT)


def vocabulary_choices(model, key="slug", **match):
    return [
        (row[key], row["name"])
        for row in vocabulary_rows(model)
        if all(row[field] == value for field, value in match.items())
    ]


def plan_choices():
    """(id, "Insurer Plan") for every insurance plan; ids as strings, as forms send them."""
    rows = cache.get_or_set(
        _key(InsurancePlan),
        lambda: list(InsurancePlan.objects.values_list("pk", "insurer__name", "name")),
        TIMEOUT,
    )
    return [(str(pk), f"{insurer} {name}") for pk, insurer, name in rows]


def forget(sender, **kwargs):
    cache.delete(_key(sender))
    if sender is Insurer:
        cache.delete(_key(InsurancePlan))  # plan labels carry the insurer's name


def connect_signals():
    for model in CACHED:
        post_save.connect(forget, sender=model, dispatch_uid=f"forget-{_key(model)}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"forget-{_key(model)}-delete")


def blank(choices, label="No preference"):
    return lambda: [("", label), *(choices() if callable(choices) else choices)]


def vocabulary(model, *args, **kwargs):
    return partial(vocabulary_choices, model, *args, **kwargs)
