"""The vocabulary tables' rows, kept in each process while the data stamp is unchanged.

They change rarely, and every change moves the data stamp (models/stamp.py),
so the rows are read again only then, in every worker alike (models/stamp.py).
"""

import threading
from functools import partial

from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    DataStamp,
    Ethnicity,
    InsurancePlan,
    Insurer,
    Language,
    PaymentMethod,
    Trait,
)
from ipt_finder.directory.models.stamp import VOCABULARIES

KEPT = (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    Insurer,
    Language,
    PaymentMethod,
    Trait,
)

_lock = threading.Lock()
_kept = {"token": None, "rows": None}


def _rows():
    token = DataStamp.current(VOCABULARIES)
    with _lock:
        if token is None or _kept["token"] != token or _kept["rows"] is None:
            rows = {model: list(model.objects.values()) for model in KEPT}
            rows[InsurancePlan] = list(
                InsurancePlan.objects.values_list("pk", "insurer__name", "name")
            )
            _kept.update(token=token, rows=rows)
        return _kept["rows"]


def vocabulary_rows(model):
    """Every row of a vocabulary, as dicts, in display order."""
    return _rows()[model]


def vocabulary_choices(model, key="slug", **match):
    return [
        (row[key], row["name"])
        for row in vocabulary_rows(model)
        if all(row[field] == value for field, value in match.items())
    ]


def plan_choices():
    """(id, "Insurer Plan") for every insurance plan; ids as strings, as forms send them."""
    return [(str(pk), f"{insurer} {name}") for pk, insurer, name in _rows()[InsurancePlan]]


def blank(choices, label="No preference"):
    return lambda: [("", label), *(choices() if callable(choices) else choices)]


def vocabulary(model, *args, **kwargs):
    return partial(vocabulary_choices, model, *args, **kwargs)
