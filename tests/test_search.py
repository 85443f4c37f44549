"""The search page: bounded queries, visibility, chips, free text and result cards."""

import datetime
import math
import re
import zoneinfo
from urllib.parse import parse_qsl

import pytest
import zipcodes
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from ipt_finder.directory.choices import IPTLevel, Status, Verification
from ipt_finder.directory.models import Report
from tests.factories import (
    AdaptationFactory,
    CommunityFactory,
    ConditionFactory,
    CredentialFactory,
    InsurancePlanFactory,
    InsurerFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    StateFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
NOON = datetime.datetime.combine(TODAY, datetime.time(12), zoneinfo.ZoneInfo("America/New_York"))
SEARCH = "/search/"
BADGE = "Verified licence"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(NOON, tick=False)
    return TODAY


def cards(response):
    """{therapist name: the HTML of their result card}."""
    found = {}
    for card in re.findall(r"<article.*?</article>", response.content.decode(), re.S):
        name = re.search(r'<h3 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', card)[1]
        found[name] = card
    return found


def slugs(response):
    return [therapist.slug for therapist in response.context["object_list"]]


def query_pairs(url):
    return sorted(parse_qsl(url.split("?", 1)[1], keep_blank_values=True))


# Queries stay bounded


def full_listing(index):
    """A listing with several rows of everything a card or a filter reads."""
    therapist = TherapistFactory(
        name=f"Listing {index:03d}",
        bio="I treat depression with interpersonal psychotherapy.",
        fee=150,
        sliding_scale=True,
        sliding_scale_min_fee=50,
        telehealth_video=True,
        languages=[LanguageFactory(code="es"), LanguageFactory(code="en")],
    )
    therapist.conditions.add(ConditionFactory(slug="depression"), ConditionFactory(slug="grief"))
    therapist.communities.add(CommunityFactory(slug="lgbtq"))
    therapist.adaptations.add(AdaptationFactory(slug="ipt-a"))
    therapist.telehealth_states.add(StateFactory(code="NY"))
    therapist.insurance_plans.add(InsurancePlanFactory(insurer__slug="aetna", slug="ppo"))
    for level in (IPTLevel.ISIPT_CERTIFIED, IPTLevel.WORKSHOP):
        IPTTrainingFactory(therapist=therapist, level=level, verified=True)
    CredentialFactory(therapist=therapist, verified=True)
    CredentialFactory(therapist=therapist, kind="degree")
    for offset in (0.01, 0.05):
        LocationFactory(therapist=therapist, latitude=f"{42.65 + offset:.6f}")
    return therapist


BOUNDED_QUERIES = [
    "",
    "language=es&sliding_scale=on&near=12207",
    "rung=2&verified_training=on&accepting=on",
    "q=depression",
    "insurer=aetna&max_fee=200",
    "sort=fee",
    "sort=nearest&near=12207",
    "condition=depression&community=lgbtq&adaptation=ipt-a&profession=social_worker",
    "telehealth=on&state=NY&verified_licence=on",
]


def query_counts(client):
    client.get(SEARCH)  # builds the search index, once after each change to the data
    counts = {}
    for query in BOUNDED_QUERIES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{SEARCH}?{query}")
        assert response.status_code == 200
        assert response.context["object_list"], query
        counts[query] = len(queries)
    return counts


def test_search_queries_do_not_grow_with_results_or_filters(client, today, settings):
    # The search's own SQL only: a database cache would add queries of its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for index in range(3):
        full_listing(index)
    few = query_counts(client)
    for index in range(3, 45):
        full_listing(index)
    many = query_counts(client)

    assert many == few
    assert max(few.values()) <= 8, few


# Only published listings, and only current verification


def test_only_published_listings_are_found(client, today):
    for status in Status:
        TherapistFactory(name=f"{status.label} Listing", status=status)

    found = slugs(client.get(SEARCH))
    text = slugs(client.get(f"{SEARCH}?q=Listing"))

    assert found == text == ["published-listing"]


@pytest.mark.parametrize(
    ("credential", "badge"),
    [
        ({"verified": True}, True),
        ({"verified": True, "expires_on": None}, True),
        ({"verified": True, "expires_on": TODAY}, True),
        ({"verified": True, "expires_on": TODAY - datetime.timedelta(days=1)}, False),
        ({}, False),
        ({"verification": Verification.REJECTED}, False),
        ({"verified": True, "kind": "degree"}, False),
    ],
)
def test_verified_licence_badge_on_cards(client, today, credential, badge):
    therapist = TherapistFactory(name="Rosa Delgado")
    CredentialFactory(therapist=therapist, **credential)

    card = cards(client.get(SEARCH))["Rosa Delgado"]
    filtered = slugs(client.get(f"{SEARCH}?verified_licence=on"))

    assert (BADGE in card) is badge
    assert filtered == (["rosa-delgado"] if badge else [])


def test_a_licence_stops_counting_the_day_after_it_expires(client, today, time_machine):
    therapist = TherapistFactory(name="Rosa Delgado")
    CredentialFactory(therapist=therapist, verified=True, expires_on=TODAY)
    IPTTrainingFactory(therapist=therapist, verified=True, expires_on=TODAY)

    time_machine.shift(datetime.timedelta(days=1))
    response = client.get(SEARCH)

    card = cards(response)["Rosa Delgado"]
    assert BADGE not in card
    assert "(verified)" not in card
    assert "Certified IPT therapist" in card
    assert slugs(client.get(f"{SEARCH}?verified_licence=on")) == []
    assert slugs(client.get(f"{SEARCH}?verified_training=on")) == []
    assert BADGE not in client.get(therapist.get_absolute_url()).content.decode()


# The URL is the search: chips, clear all, pagination


CHIPPED = "language=es&language=zh&sliding_scale=on&near=12207&radius=50&sort=nearest&page=1"


@pytest.fixture
def spanish_listings(today):
    spanish, chinese = LanguageFactory(code="es", name="Spanish"), LanguageFactory(code="zh")
    made = []
    for index in range(25):
        therapist = TherapistFactory(
            name=f"Listing {index:02d}",
            sliding_scale=True,
            sliding_scale_min_fee=40,
            languages=[spanish, chinese] if index % 2 else [spanish],
        )
        LocationFactory(therapist=therapist)
        made.append(therapist)
    return made


def test_each_chip_removes_exactly_its_own_value(client, spanish_listings):
    response = client.get(f"{SEARCH}?{CHIPPED}")
    given = query_pairs(f"?{CHIPPED}")
    without_page = [pair for pair in given if pair[0] != "page"]

    chips = {chip.label: query_pairs(chip.remove_url) for chip in response.context["chips"]}

    assert set(chips) == {
        "Language: Spanish",
        "Language: Chinese",
        "Offers a sliding scale",
        "ZIP code or city: 12207",
    }
    assert chips["Language: Spanish"] == [p for p in without_page if p != ("language", "es")]
    assert chips["Language: Chinese"] == [p for p in without_page if p != ("language", "zh")]
    assert chips["Offers a sliding scale"] == [p for p in without_page if p[0] != "sliding_scale"]
    # The place takes its radius and distance sort with it.
    assert chips["ZIP code or city: 12207"] == [
        p for p in without_page if p[0] not in {"near", "radius", "sort"}
    ]
    html = response.content.decode()
    for chip in response.context["chips"]:
        assert f'href="{chip.remove_url.replace("&", "&amp;")}"' in html
        assert client.get(f"{SEARCH}{chip.remove_url}").status_code == 200


def test_only_active_filters_make_chips(client, spanish_listings):
    response = client.get(f"{SEARCH}?sliding_scale=false&language=es&max_fee=0&q=+++")

    assert {chip.label for chip in response.context["chips"]} == {
        "Language: Spanish",
        "Up to $0 a session",  # an old link's max_fee is the budget
    }


def test_clear_all_goes_to_an_empty_search(client, spanish_listings):
    html = client.get(f"{SEARCH}?{CHIPPED}").content.decode()

    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(Clear all[^<]*)</a>', html)
    assert sorted(label for _, label in links) == ["Clear all", "Clear all filters"]
    assert {href for href, _ in links} == {SEARCH}


def test_pagination_links_keep_the_whole_search(client, spanish_listings):
    query = "language=es&sliding_scale=on&near=12207&sort=nearest"
    first = client.get(f"{SEARCH}?{query}")
    html = first.content.decode()

    following = re.search(r'href="(\?[^"]+)">Next</a>', html)[1].replace("&amp;", "&")
    assert query_pairs(following) == query_pairs(f"?{query}&page=2")
    second = client.get(f"{SEARCH}{following}")
    previous = re.search(r'href="(\?[^"]+)">Previous</a>', second.content.decode())[1]
    assert query_pairs(previous.replace("&amp;", "&")) == query_pairs(f"?{query}&page=1")
    assert len(slugs(first)) == 20
    assert len(slugs(second)) == 5
    assert set(slugs(first)) | set(slugs(second)) == {t.slug for t in spanish_listings}
    # The form shows the search it ran, so submitting it again keeps it.
    assert 'name="near" value="12207"' in html
    assert re.search(r'<option value="nearest" selected>', html)


# Free text


@pytest.fixture
def texts(today):
    maple_name = TherapistFactory(name="Maple Okafor", bio="I help adults with depression.")
    maple_bio = TherapistFactory(name="Ruth Glass", bio="We can walk under the maple trees.")
    CredentialFactory(therapist=maple_bio, verified=True)  # first, without ranking
    TherapistFactory(
        name="Tom Reyes", bio="Grief after a death.", approach="Often with adolescents."
    )
    TherapistFactory(name="Una Byrne", bio="Grief and loss.", approach="Adults only.")
    TherapistFactory(name="Maple Hidden", status=Status.DRAFT)
    return maple_name, maple_bio


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("maple", {"maple-okafor", "ruth-glass"}),
        ("MAPLE", {"maple-okafor", "ruth-glass"}),
        ("grief adolescents", {"tom-reyes"}),
        ("grief", {"tom-reyes", "una-byrne"}),
        ("tom grief", {"tom-reyes"}),
        ("okafor depression", {"maple-okafor"}),
        ("walrus", set()),
        ("   ", {"maple-okafor", "ruth-glass", "tom-reyes", "una-byrne"}),
    ],
)
def test_every_word_must_match_somewhere(client, texts, q, expected):
    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert set(slugs(response)) == expected


def test_name_matches_rank_above_bio_matches_on_postgresql(client, texts):
    found = slugs(client.get(SEARCH, {"q": "maple"}))
    unranked = [s for s in slugs(client.get(SEARCH)) if s in {"maple-okafor", "ruth-glass"}]

    assert unranked == ["ruth-glass", "maple-okafor"]
    if connection.vendor == "postgresql":
        assert found == ["maple-okafor", "ruth-glass"]
    else:
        # The SQLite fallback matches words but does not rank them.
        assert connection.vendor == "sqlite"
        assert found == unranked


# Result cards


def haversine(a, b):
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 3958.8 * math.asin(math.sqrt(h))


@pytest.fixture
def rosa(today):
    therapist = TherapistFactory(
        name="Rosa María Delgado",
        fee=150,
        sliding_scale=True,
        sliding_scale_min_fee=60,
        accepting_confirmed_on=TODAY - datetime.timedelta(days=12),
        languages=[LanguageFactory(code="en"), LanguageFactory(code="es", name="Spanish")],
    )
    CredentialFactory(therapist=therapist, verified=True)
    IPTTrainingFactory(therapist=therapist, level=IPTLevel.ISIPT_CERTIFIED, verified=True)
    LocationFactory(therapist=therapist, latitude="42.700000", longitude="-73.800000")
    return therapist


def test_a_card_shows_what_a_searcher_needs(client, rosa):
    card = cards(client.get(SEARCH))["Rosa María Delgado"]

    assert f'href="{rosa.get_absolute_url()}"' in card
    assert '<span class="avatar" aria-hidden="true">RD</span>' in card
    assert "Clinical social worker" in card
    assert BADGE in card
    assert "Certified IPT therapist (verified)" in card
    assert "Works in English, Spanish" in card
    assert "$150 a session · sliding scale from $60" in card
    assert "Accepting new clients" in card
    assert "confirmed 12 days ago" in card
    assert "miles away" not in card
    assert "Why this matches" not in card


def test_a_card_explains_why_it_matches(client, rosa):
    query = "near=12207&language=es&sliding_scale=on&accepting=on"
    card = cards(client.get(f"{SEARCH}?{query}"))["Rosa María Delgado"]

    record = zipcodes.matching("12207")[0]
    miles = haversine((float(record["lat"]), float(record["long"])), (42.7, -73.8))
    assert f"{miles:.1f} miles away" in card
    why = re.search(r"Why this matches:</span> ([^<]+)</p>", card)[1].split(" · ")
    assert why == [
        "Works in Spanish",
        f"{miles:.1f} miles from Albany, NY 12207",
        "Sliding scale from $60",
        "Accepting new clients, confirmed 12 days ago",
    ]


def test_a_card_with_a_photo_shows_it_instead_of_initials(client, today):
    TherapistFactory(name="Ana Ruiz", photo="therapists/ana.jpg")

    card = cards(client.get(SEARCH))["Ana Ruiz"]

    assert '<img class="avatar" src="/media/therapists/ana.jpg" alt="">' in card
    assert ">AR</span>" not in card


def test_a_card_shows_claimed_training_without_the_verified_mark(client, today):
    therapist = TherapistFactory(name="Ana Ruiz", fee=None, accepting_confirmed_on=None)
    IPTTrainingFactory(therapist=therapist, level=IPTLevel.ISIPT_SUPERVISOR)

    card = cards(client.get(SEARCH))["Ana Ruiz"]

    assert "IPT supervisor</span>" in card
    assert "(verified)" not in card
    assert BADGE not in card
    assert "Fee not published" in card
    assert "Availability not confirmed recently" in card


def test_a_free_session_is_not_an_unpublished_fee(client, today):
    TherapistFactory(name="Ana Ruiz", fee=0)

    assert "$0 a session" in cards(client.get(SEARCH))["Ana Ruiz"]


# Column and vocabulary filters each narrow the results


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("profession=psychologist", {"profession": "psychologist", "licence_type": "psychologist"}),
        ("gender=non_binary", {"gender": "non_binary"}),
        ("faith=jewish", {"faith": "jewish"}),
        ("medication=prescribes", {"medication": "prescribes"}),
        ("format=group", {"offers_group": True}),
        ("evening=on", {"evening_hours": True}),
        ("free_consultation=on&transgender=on", {"consultation": "free", "transgender": True}),
    ],
)
def test_column_filters_keep_only_matching_listings(client, today, query, fields):
    TherapistFactory(name="Ana Ruiz", consultation="none", **{"transgender": False})
    TherapistFactory(name="Ben Cole", **fields)

    response = client.get(f"{SEARCH}?{query}")

    assert response.status_code == 200
    assert slugs(response) == ["ben-cole"]


def test_insurer_filter_keeps_listings_in_network(client, today):
    in_network = TherapistFactory(name="Ben Cole")
    in_network.insurance_plans.add(InsurancePlanFactory(insurer__slug="aetna", slug="hmo"))
    other = TherapistFactory(name="Ana Ruiz")
    other.insurance_plans.add(InsurancePlanFactory(insurer__slug="cigna", slug="hmo"))

    response = client.get(f"{SEARCH}?insurer=aetna")

    assert slugs(response) == ["ben-cole"]
    assert "In network with your insurer" in cards(response)["Ben Cole"]


# Nothing about a search is kept


def test_a_search_leaves_no_trace(client, rosa):
    term = "zebrafinch"

    response = client.get(SEARCH, {"q": term, "near": "78701", "language": "es"})

    assert response.status_code == 200
    assert not response.cookies
    assert not Session.objects.exists()
    assert not Report.objects.exists()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                for text in (term, "78701"):
                    rows = model._default_manager.filter(**{f"{field.name}__contains": text})
                    assert not rows.exists(), f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("amount", ["150", "150.00", "150.5"])
def test_money_may_be_typed_with_cents(client, amount):
    TherapistFactory(name="At The Limit", fee=150)
    TherapistFactory(name="Over The Limit", fee=151)

    response = client.get("/search/", {"max_fee": amount})

    assert response.status_code == 200
    names = [therapist.name for therapist in response.context["object_list"]]
    assert names == ["At The Limit"]


def test_insurance_plan_filter_keeps_only_that_plans_network(client):
    insurer = InsurerFactory(slug="aetna", name="Aetna")
    choice = InsurancePlanFactory(insurer=insurer, slug="choice-pos", name="Choice POS II")
    open_access = InsurancePlanFactory(insurer=insurer, slug="open-access", name="Open Access")
    in_choice = TherapistFactory(name="In Choice")
    in_choice.insurance_plans.add(choice)
    TherapistFactory(name="In Open Access").insurance_plans.add(open_access)

    response = client.get(SEARCH, {"plan": str(choice.pk)})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [in_choice]
    page = response.content.decode()
    assert "Aetna Choice POS II (1)" in page
    assert "Aetna Open Access (1)" in page  # the plan's own filter left out of its count
    assert "In network with your plan" in page


def test_an_unknown_insurance_plan_is_a_form_error(client):
    response = client.get(SEARCH, {"plan": "999999"})

    assert response.status_code == 400
    assert "Select a valid choice. 999999 is not one of the available choices." in response.text
