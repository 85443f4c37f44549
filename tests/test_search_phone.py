"""The search as a person on a phone meets it: wheelchair access near a place, what
leaving out a filter would give, the low-cost path's link, and the page's weight."""

import gzip
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from ipt_finder.directory.choices import AccessConfirmedBy, Wheelchair
from ipt_finder.directory.models import Therapist
from ipt_finder.directory.search.filters import TherapistFilter
from tests.factories import (
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    TherapistFactory,
)
from tests.test_geo import destination, haversine, zip_position

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
BALLARD = zip_position("98117")


def office(therapist, miles, accessible, bearing=90):
    latitude, longitude = destination(*BALLARD, bearing, miles)
    extra = {"wheelchair": Wheelchair.YES if accessible else Wheelchair.NO}
    extra["wheelchair_confirmed_by"] = AccessConfirmedBy.CURATOR
    return LocationFactory(
        therapist=therapist,
        city="Seattle",
        state="WA",
        postal_code="98117",
        latitude=f"{latitude:.6f}",
        longitude=f"{longitude:.6f}",
        **extra,
    )


@pytest.fixture
def seattle():
    """The issue's example: an inaccessible office 1.9 miles away and an accessible one
    5.9 miles away; and a therapist whose accessible office is 3 miles away."""
    split = TherapistFactory(name="Split Offices")
    office(split, 1.9, accessible=False)
    far_office = office(split, 5.9, accessible=True, bearing=180)
    near = TherapistFactory(name="Near Ramp")
    near_office = office(near, 3.0, accessible=True)
    return {"split": split, "far_office": far_office, "near": near, "near_office": near_office}


def names(response):
    return {therapist.name for therapist in response.context["object_list"]}


def test_the_accessible_office_itself_must_be_within_the_radius(client, seattle):
    response = client.get(SEARCH, {"wheelchair": "on", "near": "98117", "radius": "5"})

    assert response.status_code == 200
    assert names(response) == {"Near Ramp"}


def test_the_distance_shown_is_to_the_office_meeting_every_location_filter(client, seattle):
    response = client.get(SEARCH, {"wheelchair": "on", "near": "98117", "radius": "10"})

    shown = {t.name: t.distance for t in response.context["object_list"]}
    far = seattle["far_office"]
    expected = haversine(*BALLARD, float(far.latitude), float(far.longitude))
    assert set(shown) == {"Split Offices", "Near Ramp"}
    assert shown["Split Offices"] == pytest.approx(expected, abs=0.05)
    assert shown["Split Offices"] == pytest.approx(5.9, abs=0.05)
    # Without the wheelchair filter, the nearest office of any kind.
    plain = client.get(SEARCH, {"near": "98117", "radius": "10"})
    assert {t.name: t.distance for t in plain.context["object_list"]}[
        "Split Offices"
    ] == pytest.approx(1.9, abs=0.05)


def test_the_wheelchair_count_beside_the_box_follows_the_same_rule(client, seattle):
    response = client.get(SEARCH, {"near": "98117", "radius": "5"})

    assert names(response) == {"Split Offices", "Near Ramp"}
    assert response.context["filter"].form.fields["wheelchair"].label.endswith("(1)")


def test_wheelchair_without_a_place_is_any_accessible_office(client, seattle):
    TherapistFactory(name="No Offices")

    assert names(client.get(SEARCH, {"wheelchair": "on"})) == {"Split Offices", "Near Ramp"}


def test_the_queryset_vocabulary_puts_both_rules_on_one_office(seattle):
    place = type("P", (), {"latitude": BALLARD[0], "longitude": BALLARD[1]})
    published = Therapist.objects.published()

    assert set(published.near(place, 5).values_list("name", flat=True)) == {
        "Split Offices",
        "Near Ramp",
    }
    assert list(published.near(place, 5, accessible=True).values_list("name", flat=True)) == [
        "Near Ramp"
    ]
    assert list(
        published.filter(published.wheelchair_q(place, 5)).values_list("name", flat=True)
    ) == ["Near Ramp"]
    distances = dict(
        published.annotate_distance(place, 10, accessible=True).values_list("name", "distance")
    )
    assert distances["Split Offices"] == pytest.approx(5.9, abs=0.05)


# Leaving out a filter


@pytest.fixture
def two():
    spanish = LanguageFactory(code="es", name="Spanish")
    english = LanguageFactory(code="en", name="English")
    TherapistFactory(name="Evening Spanish", languages=[spanish], evening_hours=True, fee=90)
    TherapistFactory(name="Weekend English", languages=[english], weekend_hours=True, fee=90)
    TherapistFactory(name="Weekend Spanish Dear", languages=[spanish], weekend_hours=True, fee=300)


def relaxed(query):
    filterset = TherapistFilter(QueryDict(query), queryset=Therapist.objects.published())
    assert filterset.form.is_valid(), filterset.form.errors
    return filterset.relaxed_counts()


def test_relaxed_counts_give_the_results_without_each_active_filter(two):
    assert relaxed("language=es&evening=on&budget=100") == {
        "language": 1,
        "evening": 1,
        "budget": 1,
    }
    assert relaxed("language=es&weekend=on&budget=100") == {
        "language": 1,
        "weekend": 1,
        "budget": 1,
    }
    assert relaxed("") == {}


def test_relaxing_the_place_also_drops_its_hold_on_the_wheelchair_office(seattle):
    counts = relaxed("wheelchair=on&near=98117&radius=5")

    # Without the place, any accessible office; without the wheelchair, any office near.
    assert counts == {"near": 2, "wheelchair": 2}


def test_an_empty_search_offers_each_way_out_with_its_count(client, two):
    response = client.get(SEARCH, {"language": "es", "weekend": "on", "budget": "100"})
    html = response.content.decode()

    assert response.context["paginator"].count == 0
    offered = {s.label: (s.count, s.url) for s in response.context["suggestions"]}
    assert {label: count for label, (count, _) in offered.items()} == {
        "What can you pay per session? ($)": 1,
        "Language": 1,
        "Weekend hours": 1,
    }
    # Each suggestion, followed, gives the results it promised.
    for label, (count, url) in offered.items():
        followed = client.get(f"{SEARCH}{url}")
        assert followed.context["paginator"].count == count, label
        assert f"{count} therapist" in html
    # The chosen option stays visible with its count of 0 beside it.
    assert re.search(r'value="es" checked>Spanish \(\d\)', html)


def test_relaxed_counts_cost_one_query_each_and_none_when_there_are_results(client, two):
    with CaptureQueriesContext(connection) as found:
        client.get(SEARCH, {"language": "es", "evening": "on"})
    with CaptureQueriesContext(connection) as empty:
        client.get(SEARCH, {"language": "es", "evening": "on", "weekend": "on"})

    assert len(empty) - len(found) <= 3 + 1


# Budget, plans and the low-cost path


def test_one_budget_field_counts_sliding_scales(client):
    TherapistFactory(name="Scale", fee=150, sliding_scale=True, sliding_scale_min_fee=50)
    TherapistFactory(name="Cheap", fee=55)
    TherapistFactory(name="Dear", fee=150)

    assert names(client.get(SEARCH, {"budget": "60"})) == {"Scale", "Cheap"}
    # An old link's "most I can pay" is the same question.
    assert names(client.get(SEARCH, {"max_fee": "60"})) == {"Scale", "Cheap"}
    assert "max_fee" not in TherapistFilter.base_filters


def test_plans_are_offered_once_an_insurer_is_chosen(client):
    from tests.factories import InsurancePlanFactory, InsurerFactory

    aetna = InsurerFactory(slug="aetna", name="Aetna")
    cigna = InsurerFactory(slug="cigna", name="Cigna")
    ppo = InsurancePlanFactory(insurer=aetna, name="PPO")
    hmo = InsurancePlanFactory(insurer=cigna, name="HMO")
    therapist = TherapistFactory()
    therapist.insurance_plans.add(ppo, hmo)

    assert 'name="plan"' not in client.get(SEARCH).content.decode()
    chosen = client.get(SEARCH, {"insurer": "aetna"}).content.decode()
    assert f'name="plan" value="{ppo.pk}"' in chosen
    assert f'name="plan" value="{hmo.pk}"' not in chosen


def test_the_low_cost_path_carries_place_language_and_condition(client):
    spanish = LanguageFactory(code="es", name="Spanish")
    perinatal = ConditionFactory(slug="perinatal", name="Perinatal depression")
    clinic = OrganisationFactory(name="Bayou Clinic", cost_policy="free", state="TX")
    therapist = TherapistFactory(languages=[spanish], sliding_scale=True, sliding_scale_min_fee=20)
    therapist.conditions.add(perinatal)
    therapist.organisations.add(clinic)
    LocationFactory(
        therapist=therapist,
        city="Houston",
        state="TX",
        postal_code="77002",
        latitude="29.7594",
        longitude="-95.3594",
    )

    search = client.get(
        SEARCH, {"near": "Houston", "language": "es", "condition": "perinatal", "budget": "30"}
    )
    link = re.search(r'href="(/low-cost/\?[^"]+)"', search.content.decode())[1]
    query = QueryDict(link.split("?", 1)[1].replace("&amp;", "&"))
    assert query.dict() == {
        "budget": "30",
        "near": "Houston",
        "radius": "25",
        "language": "es",
        "condition": "perinatal",
    }
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Bayou Clinic" in page
    assert "Languages: Spanish." in page
    # Without a budget the page asks for one, keeping the rest.
    asked = client.get("/low-cost/", {"near": "Houston", "language": "es"})
    assert asked.status_code == 200
    assert 'value="Houston"' in asked.content.decode()


# Weight


def test_the_search_page_is_under_60_kb_and_compressed(client):
    languages = [LanguageFactory(code=f"l{n}", name=f"Language {n}") for n in range(20)]
    for n in range(25):
        TherapistFactory(
            name=f"Therapist {n}", languages=languages[n % 5 : n % 5 + 3], fee=Decimal(100 + n)
        )

    plain = client.get(SEARCH)
    compressed = client.get(SEARCH, headers={"accept-encoding": "gzip"})

    assert len(plain.content) <= 60_000
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content).decode().count("<article") == 20
    admin = client.get("/admin/login/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in admin


def test_favicon_is_found(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    with open(finders.find("favicon.svg")) as icon:
        assert "<svg" in icon.read()


# Every GET form, sent as it stands


class GetForms(HTMLParser):
    """Each GET form's action and the values a browser sends when it is submitted as is."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            get = attrs.get("method", "get").lower() == "get"
            self.form = {"action": attrs.get("action", ""), "values": []} if get else None
            if get:
                self.forms.append(self.form)
        elif self.form is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button"):
            ticked = attrs.get("type") in ("checkbox", "radio")
            if ticked and "checked" not in attrs:
                return
            self.form["values"].append((attrs["name"], attrs.get("value", "on" if ticked else "")))
        elif tag == "select":
            self.select = [attrs["name"], None, None]
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value

    def handle_endtag(self, tag):
        if tag == "select" and self.select and self.form is not None:
            name, first, chosen = self.select
            self.form["values"].append((name, first if chosen is None else chosen))
            self.select = None
        elif tag == "form":
            self.form = None


@pytest.fixture
def listed():
    therapist = TherapistFactory(name="Ana Torres", slug="ana-torres")
    LocationFactory(therapist=therapist)
    return therapist


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search/",
        "/search/?near=Albany,+NY",
        "/match/",
        "/low-cost/",
        "/low-cost/?near=12207",
        "/therapists/ana-torres/cost/",
        "/compare/?t=ana-torres",
    ],
)
def test_every_get_form_sent_with_its_defaults_gives_no_error(client, listed, path):
    parser = GetForms()
    parser.feed(client.get(path).content.decode())

    assert parser.forms, path
    for form in parser.forms:
        action = form["action"].split("#")[0] or path.split("?")[0]
        response = client.get(action, QueryDict(urlencode(form["values"])))
        assert response.status_code == 200, (path, form)
        html = response.content.decode()
        assert "is-invalid" not in html and "alert-danger" not in html, (path, form)
