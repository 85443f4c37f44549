"""The search page (answered from the index) agrees with the same search in SQL.

Randomised searches over the correctness data set, each answered twice: by the
page, and by TherapistFilter.qs, which runs the filters' own SQL. The results,
their order and every option's count must agree, and each count must equal
the number of results the search gives with that option chosen.
"""

import random
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from ipt_finder.directory.choices import Accepting
from ipt_finder.directory.models import DataStamp, Therapist
from ipt_finder.directory.search import index as search_index
from ipt_finder.directory.search.engine import Search
from ipt_finder.directory.search.filters import CheckFilter, RungFilter, TherapistFilter

# The correctness tests' data set and helpers; the fixtures need importing here.
from tests.test_search_correctness import CITIES, dataset, listings, results  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("listings")]

CHECKS = [
    "verified_training",
    "verified_licence",
    "sliding_scale",
    "free_consultation",
    "low_cost",
    "transgender",
    "lgbtq",
    "accepting",
    "evening",
    "weekend",
    "wheelchair",
    "maintenance",
]
OPTIONS = [
    "condition",
    "problem_area",
    "age_group",
    "format",
    "adaptation",
    "profession",
    "insurer",
    "language",
    "community",
    "gender",
    "faith",
    "medication",
    "communication",
    "rung",
]
WORDS = ["grief", "depression", "couples", "ipt", "anxiety", "work"]


def bound(query):
    data = QueryDict(query, mutable=True)
    data.setdefault("radius", "25")
    filterset = TherapistFilter(data=data, queryset=Therapist.objects.published())
    assert filterset.is_valid(), (query, filterset.errors)
    return filterset


def choices(name):
    return [value for value, _ in bound("").form.fields[name].choices if value]


def random_query(rng):
    pairs = []
    for name in rng.sample(OPTIONS, rng.randint(0, 3)):
        values = choices(name)
        if values:
            picked = rng.sample(values, 1 if name == "rung" else rng.randint(1, 2))
            pairs += [(name, value) for value in picked]
    pairs += [(name, "on") for name in rng.sample(CHECKS, rng.randint(0, 2))]
    if rng.random() < 0.4:
        pairs.append(("near", CITIES[rng.choice(sorted(CITIES))]))
        pairs.append(("radius", rng.choice(["25", "50", "100"])))
        if rng.random() < 0.5:
            pairs.append(("telehealth", "on"))
    elif rng.random() < 0.2:
        pairs += [("telehealth", "on"), ("state", rng.choice(["NY", "TX", "CA"]))]
    if rng.random() < 0.3:
        pairs.append(
            (
                rng.choice(["budget", "max_course_cost"]),
                rng.choice(["60", "100", "2000"]),
            )
        )
    if rng.random() < 0.25:
        pairs.append(("q", rng.choice(WORDS)))
    sorts = ["best", "fee", "cost", "experience"] + (["nearest"] if ("near" in dict(pairs)) else [])
    pairs.append(("sort", rng.choice(sorts)))
    return urlencode(pairs)


def sql_slugs(query):
    return list(bound(query).qs.values_list("slug", flat=True))


def with_option(query, name, value):
    data = QueryDict(query, mutable=True)
    data.setlist(name, [value])
    data.pop("page", None)
    return data.urlencode()


@pytest.mark.parametrize("seed", range(8))
def test_random_searches_agree_with_sql_in_results_order_and_counts(client, seed):
    rng = random.Random(seed)
    for _ in range(3):
        query = random_query(rng)
        assert results(client, query) == sql_slugs(query), query

        filterset = bound(query)
        counts = Search(filterset).counts()
        checked = [(name, "on") for name in CHECKS]
        options = [(name, value) for name in OPTIONS for value in choices(name)]
        for name, value in rng.sample(checked, 3) + rng.sample(options, 12):
            filter_ = filterset.filters[name]
            expected = bound(with_option(query, name, value)).qs.count()
            if isinstance(filter_, CheckFilter):
                # A checkbox counts within the results: ticking it keeps only those.
                assert counts[name] == len(sql_slugs(with_option(query, name, "on"))), query
            elif isinstance(filter_, RungFilter):
                assert counts[name][str(value)] == expected, (query, name, value)
            else:
                assert counts[name].get(str(value), 0) == expected, (query, name, value)


def test_the_index_is_rebuilt_after_any_write(client):
    query = "accepting=on"
    before = results(client, query)
    stamp = DataStamp.current()
    # A queryset update sends no signal; the trigger still moves the stamp.
    Therapist.objects.filter(slug__in=before[:3]).update(accepting=Accepting.NO)

    assert DataStamp.current() != stamp
    assert results(client, query) == sql_slugs(query)
    assert set(results(client, query)) < set(before)


def test_one_index_serves_searches_until_the_data_changes(client):
    client.get("/search/")
    built = search_index._current
    client.get("/search/?language=es")

    assert search_index._current is built
    Therapist.objects.filter(slug=results(client, "")[0]).update(name="Renamed")
    client.get("/search/")
    assert search_index._current is not built
