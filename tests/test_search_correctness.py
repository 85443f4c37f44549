"""Search results checked against an independent computation over the same listings.

The expected answers below use their own haversine, expiry and freshness
rules, written here from the domain notes rather than taken from the app.
"""

import datetime
import math
import random
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
import zipcodes
from django.db import transaction
from time_machine import travel

from ipt_finder.directory.choices import Accepting, IPTLevel, Status, Verification
from ipt_finder.directory.models import Insurer, IssuingBody, Therapist
from tests.factories import (
    CredentialFactory,
    InsurancePlanFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    StateFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
NOON = datetime.datetime.combine(TODAY, datetime.time(12), zoneinfo.ZoneInfo("America/New_York"))
PAGE_SIZE = 20
EARTH_RADIUS_MILES = 3958.8
FRESH_DAYS = 90
CITIES = {"albany": "12207", "brooklyn": "11201", "austin": "78701", "oakland": "94612"}
# Each body's level on the cross-body ladder, from the domain notes.
RUNGS = {
    IPTLevel.WORKSHOP: 1,
    IPTLevel.INSTITUTE_A: 1,
    IPTLevel.ISIPT_CERTIFIED: 2,
    IPTLevel.UK_D: 2,
    IPTLevel.INSTITUTE_D: 3,
    IPTLevel.ISIPT_SUPERVISOR: 3,
    IPTLevel.ISIPT_TRAINER: 4,
}
FIRST_NAMES = ["Ada", "Bea", "Cal", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo"]
SURNAMES = ["Moreno", "Nakamura", "Okafor", "Patel", "Quinn"]
PROFESSIONS = [("social_worker", "lcsw"), ("psychologist", "psychologist"), ("counselor", "lpc")]


def position(zip_code):
    record = zipcodes.matching(zip_code)[0]
    return float(record["lat"]), float(record["long"])


def haversine(a, b):
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def is_current(record):
    verification, expires_on = record[-2:]
    return verification == Verification.VERIFIED and (expires_on is None or expires_on >= TODAY)


@dataclass
class Listing:
    """What the test knows about one listing it made."""

    pk: int
    slug: str
    name: str
    status: str
    fee: int | None
    sliding_min: int | None
    languages: set
    accepting: str
    confirmed_on: datetime.date | None
    telehealth: bool
    states: set
    ipt_years: int
    reviewed_on: datetime.date | None
    insurers: set
    offices: list = field(default_factory=list)
    trainings: list = field(default_factory=list)  # (rung, verification, expires_on)
    licences: list = field(default_factory=list)  # (verification, expires_on)

    @property
    def published(self):
        return self.status == Status.PUBLISHED

    @property
    def verified_licence(self):
        return any(is_current(record) for record in self.licences)

    @property
    def top_verified_rung(self):
        return max((r[0] for r in self.trainings if is_current(r)), default=None)

    def distance(self, place, miles):
        within = [d for d in (haversine(place, office) for office in self.offices) if d <= miles]
        return min(within, default=None)

    def accepting_now(self):
        return (
            self.accepting == Accepting.YES
            and self.confirmed_on is not None
            and (TODAY - self.confirmed_on).days <= FRESH_DAYS
        )

    def fits_budget(self, amount):
        full = self.fee is not None and self.fee <= amount
        return full or (self.sliding_min is not None and self.sliding_min <= amount)

    def rung_at_least(self, rung, verified=False):
        """A training at `rung` or above: current if `verified`, else any not rejected."""
        counts = is_current if verified else (lambda r: r[1] != Verification.REJECTED)
        return any(r[0] >= rung and counts(r) for r in self.trainings)


def verification_fields(rng):
    verification = rng.choice([Verification.VERIFIED] * 3 + [Verification.UNVERIFIED] * 2)
    if rng.random() < 0.1:
        verification = Verification.REJECTED
    expires_on = rng.choice([None, TODAY, TODAY + datetime.timedelta(days=200)])
    if rng.random() < 0.3:
        expires_on = TODAY - datetime.timedelta(days=rng.choice([1, 40]))
    extra = {"verified_at": NOON} if verification == Verification.VERIFIED else {}
    return {"verification": verification, "expires_on": expires_on, **extra}


def make_listing(rng, index, trainings=None):
    status = {0: Status.DRAFT, 1: Status.PENDING, 2: Status.SUSPENDED}.get(index, Status.PUBLISHED)
    fee = rng.choice([None, 60, 80, 100, 120, 150, 175, 200, 250])
    sliding_min = None
    if rng.random() < 0.45:
        sliding_min = rng.choice([20, 35, 50, 60, 80])
        if fee is not None:
            sliding_min = min(sliding_min, fee)
    ipt_years = rng.randint(0, 12)
    telehealth = rng.random() < 0.5
    listing = Listing(
        pk=0,
        slug=f"listing-{index:02d}",
        name=f"{FIRST_NAMES[index % 10]} {SURNAMES[index // 10]}",
        status=status,
        fee=fee,
        sliding_min=sliding_min,
        languages=set(rng.sample(["en", "es", "zh", "fr"], rng.randint(0, 2))),
        accepting=rng.choice(list(Accepting)),
        confirmed_on=rng.choice(
            [None, *(TODAY - datetime.timedelta(days=d) for d in (0, 5, 60, 90, 91, 200))]
        ),
        telehealth=telehealth,
        # Some list states without offering telehealth; they must not count.
        states=set(rng.sample(["NY", "TX", "CA", "NJ"], rng.randint(0, 2))),
        ipt_years=ipt_years,
        reviewed_on=rng.choice(
            [None, *(TODAY - datetime.timedelta(days=d) for d in (3, 30, 30, 100))]
        ),
        insurers=set(rng.sample(["aetna", "cigna"], rng.randint(0, 1))),
    )
    profession, licence_type = PROFESSIONS[index % 3]
    therapist = TherapistFactory(
        name=listing.name,
        slug=listing.slug,
        profession=profession,
        licence_type=licence_type,
        status=status,
        fee=fee,
        sliding_scale=sliding_min is not None,
        sliding_scale_min_fee=sliding_min,
        accepting=listing.accepting,
        accepting_confirmed_on=listing.confirmed_on,
        telehealth_video=telehealth and rng.random() < 0.7,
        telehealth_phone=telehealth,
        ipt_years=ipt_years,
        years_in_practice=ipt_years + rng.randint(0, 10),
        reviewed_on=listing.reviewed_on,
        languages=[LanguageFactory(code=code) for code in listing.languages],
    )
    listing.pk = therapist.pk
    therapist.telehealth_states.set([StateFactory(code=code) for code in listing.states])
    for slug in listing.insurers:
        therapist.insurance_plans.add(InsurancePlanFactory(insurer__slug=slug, slug="ppo"))
    for city in rng.sample(sorted(CITIES), rng.choice([0, 1, 1, 1, 2])):
        lat, lon = position(CITIES[city])
        office = (round(lat + rng.uniform(-0.4, 0.4), 6), round(lon + rng.uniform(-0.5, 0.5), 6))
        LocationFactory(therapist=therapist, latitude=str(office[0]), longitude=str(office[1]))
        listing.offices.append(office)
    if trainings is None:
        trainings = [
            (rng.choice(list(RUNGS)), verification_fields(rng))
            for _ in range(rng.choice([0, 1, 1, 2]))
        ]
    for level, fields in trainings:
        IPTTrainingFactory(therapist=therapist, level=level, **fields)
        listing.trainings.append((RUNGS[level], fields["verification"], fields["expires_on"]))
    for _ in range(rng.choice([0, 1, 1, 2])):
        fields = verification_fields(rng)
        CredentialFactory(therapist=therapist, **fields)
        listing.licences.append((fields["verification"], fields["expires_on"]))
    if rng.random() < 0.2:
        # A verified degree is not a licence.
        CredentialFactory(therapist=therapist, kind="degree", verified=True, number="")
    return listing


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """Built once for the module (it is slow to build), and removed afterwards."""
    shared = [IssuingBody, Insurer]
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in shared}
        with travel(NOON, tick=False), transaction.atomic():
            rng = random.Random(20260615)
            listings = [make_listing(rng, index) for index in range(42)]
            # A rejected claim, and a lapsed one, at the top of the ladder.
            rejected = {"verification": Verification.REJECTED, "expires_on": None}
            lapsed = {
                "verification": Verification.VERIFIED,
                "verified_at": NOON,
                "expires_on": TODAY - datetime.timedelta(days=1),
            }
            listings += [
                make_listing(rng, 42, [(IPTLevel.ISIPT_TRAINER, rejected)]),
                make_listing(rng, 43, [(IPTLevel.INSTITUTE_D, lapsed)]),
            ]
    yield listings
    with django_db_blocker.unblock():
        Therapist.objects.filter(slug__startswith="listing-").delete()
        for model in shared:
            model.objects.exclude(pk__in=before[model]).delete()


@pytest.fixture
def listings(dataset, db, time_machine):
    time_machine.move_to(NOON, tick=False)
    return dataset


def results(client, query):
    """Every listing the search returns, across all its pages, in order."""
    slugs, page = [], 1
    while True:
        response = client.get(f"/search/?{query}&page={page}")
        assert response.status_code == 200, query
        shown = [therapist.slug for therapist in response.context["object_list"]]
        assert len(shown) <= PAGE_SIZE
        slugs += shown
        if not response.context["page_obj"].has_next():
            assert len(slugs) == response.context["paginator"].count
            return slugs
        page += 1


def expect(listings, keep):
    return {listing.slug for listing in listings if listing.published and keep(listing)}


ALBANY, BROOKLYN, AUSTIN = (position(CITIES[c]) for c in ("albany", "brooklyn", "austin"))
COMBINATIONS = {
    "distance and an old link's max fee, now the budget": (
        "near=12207&radius=50&max_fee=150",
        lambda t: t.distance(ALBANY, 50) is not None and t.fits_budget(150),
    ),
    "distance and budget": (
        "near=Brooklyn,+NY&radius=100&budget=60",
        lambda t: t.distance(BROOKLYN, 100) is not None and t.fits_budget(60),
    ),
    "languages, rung, verified only": (
        "language=es&language=zh&rung=2&verified_training=on",
        lambda t: t.languages & {"es", "zh"} and t.rung_at_least(2, verified=True),
    ),
    "rung, claimed": ("rung=3", lambda t: t.rung_at_least(3)),
    "accepting and budget": (
        "accepting=on&budget=60",
        lambda t: t.accepting_now() and t.fits_budget(60),
    ),
    "telehealth state and language": (
        "telehealth=on&state=NY&language=zh",
        lambda t: t.telehealth and "NY" in t.states and "zh" in t.languages,
    ),
    "nearby or telehealth": (
        "near=78701&radius=10&telehealth=on",
        lambda t: t.distance(AUSTIN, 10) is not None or (t.telehealth and "TX" in t.states),
    ),
    "budget and sliding scale": (
        "budget=120&sliding_scale=on",
        lambda t: t.fits_budget(120) and t.sliding_min is not None,
    ),
    "verified licence and insurer": (
        "verified_licence=on&insurer=aetna",
        lambda t: t.verified_licence and "aetna" in t.insurers,
    ),
}


@pytest.mark.parametrize("name", COMBINATIONS)
def test_combined_filters_give_exactly_the_matching_listings(client, listings, name):
    query, keep = COMBINATIONS[name]
    expected = expect(listings, keep)

    found = results(client, query)

    assert sorted(found) == sorted(expected)
    # The data makes each combination meaningful: some match, and some don't.
    assert 0 < len(expected) < len(expect(listings, lambda t: True))


def test_the_data_has_no_office_on_a_radius_boundary(listings):
    # So that rounding can't decide a case.
    for listing in listings:
        for office in listing.offices:
            for place in (ALBANY, BROOKLYN, AUSTIN):
                assert all(abs(haversine(place, office) - r) > 0.05 for r in (5, 10, 25, 50, 100))


def test_hidden_listings_never_appear(client, listings):
    found = set(results(client, "sort=fee"))

    assert found == expect(listings, lambda t: True)
    assert {t.slug for t in listings if not t.published}.isdisjoint(found)


# Sorting and pagination


def verified_rung_desc(listing):
    rung = listing.top_verified_rung
    return (rung is None, -(rung or 0))


def reviewed_desc(listing):
    reviewed = listing.reviewed_on
    return (reviewed is None, -(reviewed.toordinal() if reviewed else 0))


def tie_break(listing):
    """The order after the chosen sort: licence, training, review, name, pk."""
    return (
        not listing.verified_licence,
        verified_rung_desc(listing),
        reviewed_desc(listing),
        listing.name,
        listing.pk,
    )


def test_nearest_sort_orders_by_distance(client, listings):
    expected = sorted(
        (t for t in listings if t.published and t.distance(ALBANY, 100) is not None),
        key=lambda t: t.distance(ALBANY, 100),
    )

    response = client.get("/search/?near=12207&radius=100&sort=nearest")
    found = results(client, "near=12207&radius=100&sort=nearest")

    assert found == [t.slug for t in expected]
    assert len(found) > 3
    by_slug = {t.slug: t for t in listings}
    for shown in response.context["object_list"]:
        assert shown.distance == pytest.approx(by_slug[shown.slug].distance(ALBANY, 100), abs=0.1)


def test_lowest_fee_sort(client, listings):
    def key(t):
        return (t.fee is None, t.fee or 0, t.sliding_min is None, t.sliding_min or 0, tie_break(t))

    expected = sorted((t for t in listings if t.published), key=key)

    assert results(client, "sort=fee") == [t.slug for t in expected]


def test_most_experience_sort(client, listings):
    expected = sorted(
        (t for t in listings if t.published),
        key=lambda t: (-t.ipt_years, verified_rung_desc(t), tie_break(t)),
    )

    assert results(client, "sort=experience") == [t.slug for t in expected]


def test_best_match_sort_puts_verified_listings_first(client, listings):
    expected = sorted((t for t in listings if t.published), key=tie_break)

    assert results(client, "") == [t.slug for t in expected]


ALL_LANGUAGES = "language=en&language=es&language=zh&language=fr"


@pytest.mark.parametrize("query", ["", "sort=fee", "sort=experience", ALL_LANGUAGES])
def test_pages_split_the_ordered_list_without_gaps_or_repeats(client, listings, query):
    everything = client.get(f"/search/?{query}").context["filter"].qs
    ordered = [t.slug for t in everything]
    assert len(ordered) > PAGE_SIZE

    first = [t.slug for t in client.get(f"/search/?{query}&page=1").context["object_list"]]
    second = [t.slug for t in client.get(f"/search/?{query}&page=2").context["object_list"]]

    assert len(first) == PAGE_SIZE
    assert first + second == ordered[: 2 * PAGE_SIZE]
    assert len(set(first + second)) == len(first + second)


# Facet counts


def option_counts(response, name):
    """{value: count} as shown beside each option of a filter."""
    options = response.context["filter"].form.fields[name].widget.choices
    return {
        str(value): int(label.rsplit("(", 1)[1].rstrip(")")) for value, label in options if value
    }


def checkbox_count(response, name):
    return int(response.context["filter"].form.fields[name].label.rsplit("(", 1)[1].rstrip(")"))


def count(client, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    return response.context["paginator"].count


@pytest.mark.parametrize(
    "base", ["near=12207&radius=100", "accepting=on&rung=1&verified_training=on"]
)
@pytest.mark.parametrize("name", ["language", "profession", "rung", "insurer"])
def test_each_option_counts_the_results_it_would_add(client, listings, base, name):
    response = client.get(f"/search/?{base}")
    counts = option_counts(response, name)

    assert counts
    for value, shown in counts.items():
        query = urlencode({**dict(pair.split("=") for pair in base.split("&")), name: value})
        assert shown == count(client, query), (name, value)


@pytest.mark.parametrize(
    "name", ["sliding_scale", "accepting", "verified_licence", "verified_training", "low_cost"]
)
def test_each_checkbox_counts_the_results_it_would_give(client, listings, name):
    response = client.get("/search/?near=12207&radius=100")

    shown = checkbox_count(response, name)

    assert shown == count(client, f"near=12207&radius=100&{name}=on")
    field = response.context["filter"].form.fields[name]
    assert field.disabled is (shown == 0)


def test_a_ticked_checkbox_counts_the_results(client, listings):
    response = client.get("/search/?sliding_scale=on")

    assert checkbox_count(response, "sliding_scale") == response.context["paginator"].count > 0


def test_options_of_an_active_filter_count_alone_with_the_other_filters(client, listings):
    response = client.get("/search/?language=es&accepting=on")
    counts = option_counts(response, "language")

    assert counts["zh"] == count(client, "language=zh&accepting=on")
    assert counts["es"] == response.context["paginator"].count


def test_options_with_no_results_are_hidden_unless_chosen(client, listings):
    LanguageFactory(code="ru", name="Russian")
    response = client.get("/search/")

    assert "ru" not in option_counts(response, "language")
    assert 'value="ru"' not in response.content.decode()
    assert set(option_counts(response, "language")) == {"en", "es", "zh", "fr"}

    chosen = client.get("/search/?language=ru")
    assert option_counts(chosen, "language")["ru"] == 0
    assert 'value="ru"' in chosen.content.decode()
    assert chosen.context["paginator"].count == 0
    assert "No therapists match all of these filters." in chosen.content.decode()
