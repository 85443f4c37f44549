"""Bad query strings on /search/ give a form error (400) or a 404, never a 500."""

from urllib.parse import urlencode

import pytest
from django import forms
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_finder.directory.search.filters import TherapistFilter
from tests.factories import InsurancePlanFactory, LanguageFactory, LocationFactory, TherapistFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
FORM_ERROR = "Some of the search could not be used"
NULL = "Null characters are not allowed."
# Form fields that shape a search without being filters.
EXTRA_FIELDS = ["radius", "telehealth", "state", "sort", "page"]


@pytest.fixture
def listings():
    spanish = LanguageFactory(code="es", name="Spanish")
    first = TherapistFactory(
        name="Ana Torres", languages=[spanish], sliding_scale=True, sliding_scale_min_fee=60
    )
    LocationFactory(therapist=first)
    second = TherapistFactory(name="Ben Okafor", telehealth_video=True)
    second.insurance_plans.add(InsurancePlanFactory(insurer__slug="aetna", insurer__name="Aetna"))
    return [first, second]


def invalid_choice(value):
    return f"Select a valid choice. {value} is not one of the available choices."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("language=zz", invalid_choice("zz")),
        ("condition=nope", invalid_choice("nope")),
        ("rung=9", invalid_choice("9")),
        ("sort=random", invalid_choice("random")),
        ("profession=x", invalid_choice("x")),
        ("insurer=no-such-insurer", invalid_choice("no-such-insurer")),
        ("age_group=999", invalid_choice("999")),
        ("state=ZZ", invalid_choice("ZZ")),
        ("max_fee=1e400", "Ensure this value is less than or equal to 10000."),
        ("budget=99999999999999999999", "Ensure this value is less than or equal to 10000."),
        ("max_fee=-1", "Ensure this value is greater than or equal to 0."),
        ("budget=-50", "Ensure this value is greater than or equal to 0."),
        ("max_fee=NaN", "Enter a number."),
        ("budget=Infinity", "Enter a number."),
        ("max_fee=12.505", "Ensure that there are no more than 2 decimal places."),
        ("radius=-5", invalid_choice("-5")),
        ("radius=7", invalid_choice("7")),
        ("q=%00", NULL),
        ("near=1000%00", NULL),
        ("q=" + "x" * 10_000, "Ensure this value has at most 200 characters (it has 10000)."),
        ("near=" + "1" * 10_000, "Ensure this value has at most 100 characters (it has 10000)."),
        ("near=123", "We couldn't find “123”"),
        ("near=abcde", "We couldn't find “abcde”"),
        ("near=Springfield", "There is more than one Springfield. Did you mean Springfield, IL"),
        ("near=00000", "We don't have a location for ZIP code 00000."),
        ("near=09001", "We don't have a location for ZIP code 09001."),
    ],
)
def test_bad_values_are_a_form_error_shown_on_the_page(client, listings, query, message):
    response = client.get(f"{SEARCH}?{query}")

    assert response.status_code == 400
    content = response.content.decode()
    assert FORM_ERROR in content
    assert escape(message) in content
    assert "Please check your search" in content
    assert list(response.context["object_list"]) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("telehealth=on", {"Ben Okafor"}),  # by video or phone, in any state
        ("sort=nearest", {"Ana Torres", "Ben Okafor"}),  # no place: the best match
        ("sort=nearest&language=es", {"Ana Torres"}),
        ("condition=&near=", {"Ana Torres", "Ben Okafor"}),  # the home page's defaults
    ],
)
def test_values_that_need_another_still_give_results(client, listings, query, found):
    response = client.get(f"{SEARCH}?{query}")

    assert response.status_code == 200
    assert {t.name for t in response.context["object_list"]} == found


def test_a_bad_place_does_not_also_complain_about_sorting_or_telehealth(client, listings):
    response = client.get(f"{SEARCH}?near=abcde&sort=nearest&telehealth=on")

    assert response.status_code == 400
    assert set(response.context["filter"].form.errors) == {"near"}


@pytest.mark.parametrize("page", ["-1", "abc", "0", "99999", "1.5", "%00"])
def test_bad_page_numbers_are_not_found(client, listings, page):
    response = client.get(f"{SEARCH}?language=es&page={page}")

    assert response.status_code == 404


@pytest.mark.parametrize("query", ["sort=", "page=1", "page=last", "radius=", "near=&sort="])
def test_empty_or_edge_values_fall_back_to_defaults(client, listings, query):
    response = client.get(f"{SEARCH}?{query}")

    assert response.status_code == 200
    assert response.context["filter"].form.cleaned_data["sort"] == "best"
    assert {t.slug for t in response.context["object_list"]} == {t.slug for t in listings}


def test_a_thousand_parameters_are_accepted(client, listings):
    response = client.get(f"{SEARCH}?" + "&".join(["language=es"] * 1000))

    assert response.status_code == 200
    assert [t.name for t in response.context["object_list"]] == ["Ana Torres"]


def test_more_parameters_than_django_allows_are_a_bad_request(client, listings):
    response = client.get(f"{SEARCH}?" + "&".join(["language=es"] * 1001))

    assert response.status_code == 400


def test_unknown_parameters_are_ignored(client, listings):
    response = client.get(f"{SEARCH}?colour=blue&language=es")

    assert response.status_code == 200
    assert [t.name for t in response.context["object_list"]] == ["Ana Torres"]


# Property-based: every parameter, any text.


PARAMETERS = [*TherapistFilter.base_filters, *EXTRA_FIELDS]
PLACES = ["12207", "12207-0001", "Albany, NY", "austin tx", "  OAKLAND ,ca "]
AWKWARD = [
    *PLACES,
    "",
    " ",
    "on",
    "off",
    "true",
    "0",
    "-1",
    "1e400",
    "NaN",
    "-0",
    "9" * 30,
    "09001",
    "00000",
    "last",
    "nearest",
    "\x00",
    "\u202e",
    "%",
    "_",
    "'; DROP TABLE directory_therapist; --",
    "&",
    "a & !b | c:*",
]
FEW = {"max_examples": 80, "deadline": None}
FIXTURES_ONCE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def choices_of(form, name):
    return [str(value) for value, _ in getattr(form.fields.get(name), "choices", []) if value]


def any_values(choices):
    scalar = st.one_of(
        st.text(max_size=120),
        st.sampled_from(AWKWARD),
        st.integers(min_value=-(10**25), max_value=10**25).map(str),
        st.floats().map(str),
        *([st.sampled_from(choices)] if choices else []),
    )
    return st.lists(scalar, max_size=3)


def valid_values(form, name):
    field = form.fields.get(name)
    one = {"min_size": 1, "max_size": 1}
    if name == "page":
        return st.just(["1"])
    if name == "near":
        return st.lists(st.sampled_from(PLACES), **one)
    if isinstance(field, forms.BooleanField):
        return st.just(["on"])
    if isinstance(field, forms.DecimalField):
        amounts = st.integers(int(field.min_value), int(field.max_value)).map(str)
        return st.lists(amounts, **one)
    if choices := choices_of(form, name):
        many = isinstance(field, forms.MultipleChoiceField)
        return st.lists(st.sampled_from(choices), min_size=1, max_size=3 if many else 1)
    printable = st.characters(exclude_categories=["Cc", "Cs"])
    return st.lists(st.text(printable, max_size=60), **one)


def draw_query(data, strategy_for, most):
    """Some of the parameters, each with a list of values drawn for it."""
    names = data.draw(st.lists(st.sampled_from(PARAMETERS), unique=True, max_size=most))
    return {name: data.draw(strategy_for(name), label=name) for name in names}


def test_the_properties_cover_every_filter():
    assert {"q", "near", "language", "rung", "budget", "accepting"} <= set(PARAMETERS)
    assert len(PARAMETERS) == len(TherapistFilter.base_filters) + len(EXTRA_FIELDS)


@settings(**FEW, suppress_health_check=FIXTURES_ONCE)
@given(data=st.data())
def test_any_query_string_is_answered_without_a_server_error(client, listings, data):
    form = TherapistFilter().form
    chosen = draw_query(data, lambda name: any_values(choices_of(form, name)), most=12)
    query = urlencode([(name, value) for name, items in chosen.items() for value in items])

    response = client.get(f"{SEARCH}?{query}")

    assert response.status_code in {200, 400, 404}
    if response.status_code == 404:
        assert "page" in chosen
    elif response.status_code == 400:
        assert FORM_ERROR in response.content.decode()
    else:
        assert "found" in response.content.decode()


@settings(**FEW, suppress_health_check=FIXTURES_ONCE)
@given(data=st.data())
def test_any_combination_of_valid_values_gives_results(client, listings, data):
    form = TherapistFilter().form
    chosen = draw_query(data, lambda name: valid_values(form, name), most=8)
    query = urlencode([(name, value) for name, items in chosen.items() for value in items])

    response = client.get(f"{SEARCH}?{query}")

    # Every valid value stands alone: telehealth without a state searches every state, and
    # the distance sort without a place is the best match.
    assert response.status_code == 200
    shown = response.context["object_list"]
    assert response.context["paginator"].count == len(shown) <= len(listings)
