"""The match, compare, cost and low-cost pages on the server: flow, content, bad input, queries."""

import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_finder.directory.choices import Status
from ipt_finder.directory.compare.shortlist import COOKIE
from ipt_finder.directory.match.forms import MatchForm
from tests.factories import (
    CommunityFactory,
    ConditionFactory,
    CredentialFactory,
    InsurancePlanFactory,
    InsurerFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ProblemAreaExperienceFactory,
    SlidingScaleTierFactory,
    TherapistFactory,
    TraitFactory,
)
from tests.test_shortlist import signed

pytestmark = pytest.mark.django_db

MATCH = reverse("directory:match")
RESULTS = reverse("directory:match-results")
COMPARE = reverse("directory:compare")
LOW_COST = reverse("directory:low-cost")
ALBANY = {"latitude": "42.6500", "longitude": "-73.7500"}
MANHATTAN = {"city": "New York", "latitude": "40.7484", "longitude": "-73.9857"}


@pytest.fixture
def listings():
    spanish = LanguageFactory(code="es", name="Spanish")
    depression = ConditionFactory(slug="depression", name="Depression")
    rosa = TherapistFactory(
        name="Rosa Delgado",
        languages=[spanish],
        fee=150,
        sliding_scale=True,
        sliding_scale_min_fee=40,
    )
    rosa.conditions.add(depression)
    LocationFactory(therapist=rosa, **ALBANY)
    ben = TherapistFactory(name="Ben Okafor", fee=90)
    LocationFactory(therapist=ben, **MANHATTAN)
    return {"rosa": rosa, "ben": ben}


def html(response):
    return response.content.decode()


def text(response):
    """The page's words, tags dropped, entities decoded, spaces tidied."""
    words = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html(response))))
    return re.sub(r" ([,.:;)])", r"\1", words)


def query_of(url):
    return parse_qs(urlsplit(url).query)


class TestQuestionnaire:
    def test_the_first_step_needs_no_answers(self, client):
        response = client.get(MATCH)

        assert response.status_code == 200
        assert "Step 1 of 4: What you want help with" in text(response)
        assert "Your answers stay with you" in text(response)
        assert 'name="go" value="2"' in html(response)

    def test_each_step_carries_earlier_answers_in_hidden_fields(self, client, listings):
        response = client.get(MATCH, {"step": 1, "go": 2, "condition": "depression"})

        assert response.status_code == 200
        assert "Step 2 of 4: Practicalities" in text(response)
        assert '<input type="hidden" name="condition" value="depression">' in html(response)

        response = client.get(
            MATCH,
            {
                "step": 2,
                "go": 1,
                "condition": "depression",
                "budget": "90",
                "need_budget": "requirement",
            },
        )

        page = html(response)
        assert "Step 1 of 4" in text(response)
        assert '<input type="hidden" name="budget" value="90">' in page
        assert '<input type="hidden" name="need_budget" value="requirement">' in page
        assert 'name="condition" value="depression"' not in page  # shown in its select instead

    def test_see_my_matches_goes_to_results_with_only_the_answers(self, client, listings):
        response = client.get(
            MATCH,
            {
                "step": 2,
                "go": "results",
                "condition": "depression",
                "near": "",
                "radius": "25",
                "budget": "100",
                "need_budget": "requirement",
                "need_language": "requirement",
                "need_condition": "preference",
            },
        )

        assert response.status_code == 302
        assert query_of(response["Location"]) == {
            "condition": ["depression"],
            "budget": ["100"],
            "need_budget": ["requirement"],
        }
        assert urlsplit(response["Location"]).path == RESULTS

    def test_every_question_can_be_skipped(self, client, listings):
        response = client.get(MATCH, {"step": 1, "go": "results"})
        assert response.status_code == 302

        response = client.get(response["Location"])
        assert response.status_code == 200
        assert "2 therapists" in text(response)
        assert "You skipped every question" in text(response)

    def test_an_error_stays_on_its_step(self, client, listings):
        response = client.get(
            MATCH, {"step": 2, "go": 3, "near": "Atlantis", "condition": "depression"}
        )

        assert response.status_code == 400
        assert "Step 2 of 4" in text(response)
        assert "couldn" in text(response)

    def test_an_error_keeps_every_answer_and_requirement(self, client):
        response = client.get(
            MATCH,
            {
                "step": 2,
                "go": 3,
                "near": "Atlantis",
                "condition": "depression",
                "need_condition": "requirement",
            },
        )

        page = html(response)
        assert '<input type="hidden" name="condition" value="depression">' in page
        assert '<input type="hidden" name="need_condition" value="requirement">' in page
        assert 'value="Atlantis"' in page

    def test_a_tampered_earlier_answer_goes_back_to_its_step(self, client):
        response = client.get(MATCH, {"step": 3, "go": 4, "condition": "nonsense"})

        assert response.status_code == 400
        assert "Step 1 of 4" in text(response)
        assert "Select a valid choice" in text(response)

    @pytest.mark.parametrize("step", ["0", "99", "abc", "\x00", "-1"])
    def test_a_bad_step_number_shows_a_real_step(self, client, step):
        assert client.get(MATCH, {"step": step, "go": step}).status_code == 200

    def test_household_needs_both_income_and_size(self, client):
        response = client.get(RESULTS, {"budget": "50", "income": "20000"})

        assert response.status_code == 400
        assert "Give your household size too" in text(response)


class TestResults:
    def test_explains_every_answer_with_points(self, client, listings):
        response = client.get(
            RESULTS,
            {
                "condition": "depression",
                "language": "es",
                "budget": "100",
                "near": "12207",
                "need_location": "preference",
            },
        )

        assert response.status_code == 200
        page = text(response)
        assert "2 therapists, best match first" in page
        assert page.index("Rosa Delgado") < page.index("Ben Okafor")
        assert "Scores are out of 24 points" in page
        assert "Works with depression. 6 of 6" in page
        assert "Doesn't list depression. 0 of 6" in page
        assert "How we rank" in page
        assert "Partly met" in page and "Not met" in page
        assert "Your answers stay with you" in page
        assert "Language: Spanish (preference)" in page

    def test_requirements_show_as_requirements(self, client, listings):
        response = client.get(RESULTS, {"language": "es", "need_language": "requirement"})

        page = text(response)
        assert "1 therapist" in page
        assert "Works in Spanish. Requirement" in page
        assert "Ben Okafor" not in page

    def test_no_dead_end_when_requirements_exclude_everyone(self, client, listings):
        query = {
            "language": "es",
            "need_language": "requirement",
            "budget": "20",
            "need_budget": "requirement",
        }

        response = client.get(RESULTS, query)

        page = text(response)
        assert "No therapist meets all your requirements" in page
        assert "The requirement that rules out the most is cost a session" in page
        relax = re.search(r'href="([^"]+)">Make “cost a session” a preference', html(response))
        relaxed = client.get(relax.group(1).replace("&amp;", "&"))
        assert "1 therapist" in text(relaxed)
        assert "Rosa Delgado" in text(relaxed)

    def test_shows_the_low_cost_path_when_most_are_over_budget(self, client, listings):
        for n in range(3):
            TherapistFactory(name=f"Dear {n}", fee=300)
        OrganisationFactory(name="Capital Clinic", cost_policy="free", state="NY")

        response = client.get(
            RESULTS, {"budget": "50", "near": "12207", "need_location": "preference"}
        )

        page = text(response)
        assert "Ways to keep the cost down" in page
        assert "Only 1 of 5 therapists may fit a budget of $50 a session" in page
        assert "Rosa Delgado: from $40 a session (full fee $150)" in page
        assert "Capital Clinic" in page

    def test_no_low_cost_path_when_most_fit(self, client, listings):
        response = client.get(RESULTS, {"budget": "200"})

        assert "Ways to keep the cost down" not in text(response)

    def test_links_to_the_cost_and_the_comparison_keep_the_right_answers(self, client, listings):
        client.cookies[COOKIE] = signed(listings["ben"].slug)
        InsurerFactory(slug="aetna", name="Aetna")

        response = client.get(
            RESULTS,
            {"condition": "depression", "income": "20000", "household": "2", "insurer": "aetna"},
        )

        page = html(response).replace("&amp;", "&")
        cost = reverse("directory:therapist-cost", args=[listings["rosa"].slug])
        assert f"{cost}?income=20000&household=2&insurer=aetna" in page
        compare = re.search(r'href="(/compare/[^"]+)"', page).group(1)
        assert query_of(compare) == {
            "condition": ["depression"],
            "income": ["20000"],
            "household": ["2"],
            "insurer": ["aetna"],
            "t": [listings["ben"].slug],
        }

    def test_results_are_paginated(self, client):
        for n in range(12):
            TherapistFactory(name=f"Person {n:02d}")

        first = client.get(RESULTS)
        second = client.get(RESULTS, {"page": "2"})

        assert "Page 1 of 2" in text(first)
        assert "Person 10" in text(second) and "Person 00" not in text(second)
        assert client.get(RESULTS, {"page": "x\x00"}).status_code == 200

    def test_answers_are_never_stored_or_cached(self, client, listings):
        response = client.get(RESULTS, {"language": "es", "income": "1", "household": "1"})

        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert Session.objects.count() == 0
        # Only the CSRF token, for the shortlist buttons.
        assert set(response.cookies) <= {"csrftoken"}

    def test_queries_dont_grow_with_the_results(self, client):
        spanish = LanguageFactory(code="es", name="Spanish")
        query = {
            "language": "es",
            "condition": "depression",
            "communication": "gentle",
            "budget": "100",
            "income": "20000",
            "household": "2",
            "problem_area": "grief",
            "rung": "2",
            "community": "lgbtq",
        }
        gentle = TraitFactory(slug="gentle", name="Gentle", kind="communication")
        lgbtq = CommunityFactory(slug="lgbtq", name="LGBTQ+")
        ConditionFactory(slug="depression", name="Depression")

        def add(n):
            for _ in range(n):
                listing = TherapistFactory(
                    languages=[spanish], sliding_scale=True, sliding_scale_min_fee=40
                )
                listing.traits.add(gentle)
                listing.communities.add(lgbtq)
                SlidingScaleTierFactory(therapist=listing, fee=40)
                ProblemAreaExperienceFactory(therapist=listing)
                IPTTrainingFactory(therapist=listing, verified=True)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(RESULTS, query).status_code == 200
            return len(queries)

        add(1)
        count()
        small = count()
        add(6)

        assert count() == small


class TestCompare:
    def test_side_by_side_in_the_order_given(self, client, listings):
        url = f"{COMPARE}?t={listings['ben'].slug}&t={listings['rosa'].slug}"

        response = client.get(url)

        page = text(response)
        assert response.status_code == 200
        assert page.index("Ben Okafor") < page.index("Rosa Delgado")
        for row in [
            "Credentials and verification",
            "IPT training",
            "Experience",
            "Approach",
            "Communication style and values",
            "Languages and communities",
            "Fees",
            "Cost of a course",
            "Availability and freshness",
            "Location or telehealth",
        ]:
            assert f" {row} " in page
        assert "At the full fee: $1,080–$1,440" in page
        assert "On the sliding scale: from $480" in page
        assert f'value="http://testserver{url}"' in html(response).replace("&amp;", "&")

    def test_experience_with_the_persons_issue(self, client, listings):
        ProblemAreaExperienceFactory(therapist=listings["rosa"], area="grief", experience=3)
        url = (
            f"{COMPARE}?t={listings['rosa'].slug}&t={listings['ben'].slug}"
            "&condition=depression&problem_area=grief"
        )

        page = text(client.get(url))

        assert "Experience with your issue" in page
        assert "Works with depression." in page
        assert "Doesn't list depression." in page
        assert "Extensive experience: grief." in page
        assert "No experience listed with grief." in page

    def test_costs_for_the_person(self, client, listings):
        SlidingScaleTierFactory(therapist=listings["rosa"], income_min=0, income_max=30000, fee=45)
        aetna = InsurerFactory(slug="aetna", name="Aetna")
        listings["ben"].insurance_plans.add(InsurancePlanFactory(insurer=aetna))
        url = (
            f"{COMPARE}?t={listings['rosa'].slug}&t={listings['ben'].slug}"
            "&income=20000&household=1&insurer=aetna&months=2"
        )

        page = text(client.get(url))

        assert "On the sliding scale: $540–$720" in page
        assert "In network with Aetna: Unknown" in page
        assert "Out of network with Aetna: $1,800–$2,400" in page

    def test_unpublished_and_unknown_listings_silently_drop_out(self, client, listings):
        suspended = TherapistFactory(name="Suspended Sue", status=Status.SUSPENDED)
        url = f"{COMPARE}?t={suspended.slug}&t=no-such-person&t={listings['rosa'].slug}"

        response = client.get(url)

        assert response.status_code == 200
        assert "Suspended Sue" not in text(response)
        assert "1 therapist side by side" in text(response)

    @pytest.mark.parametrize(
        "query",
        ["t=a&t=b&t=c&t=d&t=e", "t=nul%00", "t=has+space", f"t={'x' * 141}", "income=-5&t=a"],
    )
    def test_bad_input_is_a_400(self, client, query):
        response = client.get(f"{COMPARE}?{query}")

        assert response.status_code == 400
        assert "could not be shown" in text(response)

    def test_empty_names_are_ignored(self, client, listings):
        response = client.get(f"{COMPARE}?t=&t={listings['rosa'].slug}&t=")

        assert response.status_code == 200
        assert "1 therapist side by side" in text(response)

    def test_five_names_say_the_limit(self, client):
        response = client.get(f"{COMPARE}?t=a&t=b&t=c&t=d&t=e")

        assert "Compare up to 4 therapists at a time." in text(response)

    def test_without_names_it_shows_the_shortlist_as_a_shareable_url(self, client, listings):
        client.cookies[COOKIE] = signed(f"{listings['rosa'].slug},{listings['ben'].slug}")

        response = client.get(COMPARE)

        assert response.status_code == 302
        assert query_of(response["Location"])["t"] == [listings["rosa"].slug, listings["ben"].slug]

    def test_an_empty_shortlist_explains_how_to_add(self, client):
        response = client.get(COMPARE)

        assert response.status_code == 200
        assert "Your shortlist is empty" in text(response)

    def test_remove_goes_to_the_comparison_without_them(self, client, listings):
        rosa, ben = listings["rosa"].slug, listings["ben"].slug
        client.cookies[COOKIE] = signed(f"{rosa},{ben}")
        page = client.get(f"{COMPARE}?t={rosa}&t={ben}&condition=depression")
        next_url = (
            re.search(
                rf'name="slug" value="{rosa}">\s*<input type="hidden" name="next" value="([^"]+)"',
                html(page),
            )
            .group(1)
            .replace("&amp;", "&")
        )

        response = client.post(
            reverse("directory:shortlist-remove"), {"slug": rosa, "next": next_url}
        )

        assert response.status_code == 302
        assert query_of(response["Location"]) == {"t": [ben], "condition": ["depression"]}

    def test_queries_dont_grow_with_the_number_compared(self, client):
        def listing():
            therapist = TherapistFactory()
            CredentialFactory(therapist=therapist, verified=True)
            IPTTrainingFactory(therapist=therapist)
            LocationFactory(therapist=therapist)
            SlidingScaleTierFactory(therapist=therapist, fee=40)
            ProblemAreaExperienceFactory(therapist=therapist)
            return therapist.slug

        slugs = [listing() for _ in range(4)]

        def count(names):
            query = urlencode([("t", s) for s in names] + [("income", 1), ("household", 1)])
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{COMPARE}?{query}").status_code == 200
            return len(queries)

        count(slugs[:1])
        assert count(slugs) == count(slugs[:1])


class TestCost:
    def url(self, therapist, **query):
        base = reverse("directory:therapist-cost", args=[therapist.slug])
        return f"{base}?{urlencode(query)}" if query else base

    def test_a_good_faith_style_estimate(self, client, listings):
        rosa = listings["rosa"]
        SlidingScaleTierFactory(therapist=rosa, income_min=0, income_max=30000, fee=40)

        response = client.get(self.url(rosa, income=30000, household=1))

        page = text(response)
        assert response.status_code == 200
        assert "At the full fee" in page and "$1,800–$2,400" in page
        assert "None of this therapist's sliding-scale tiers covers" in page
        for assumption in ["12–16 sessions", "One session a week", "Sessions of 50 minutes"]:
            assert assumption in page
        assert "Not included" in page and "Medication, prescriber visits and any tests." in page
        assert "No Surprises Act" in page
        assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"income": "99999999999", "household": "1"}, "less than or equal to 10000000"),
            ({"income": "1e400", "household": "1"}, "Enter a whole number"),
            ({"income": "20000", "household": "-1"}, "greater than or equal to 1"),
            ({"income": "20000", "household": "0"}, "greater than or equal to 1"),
            ({"income": "20000"}, "Give your household size too"),
            ({"months": "25"}, "less than or equal to 24"),
            ({"insurer": "no-such-insurer"}, "Select a valid choice"),
            ({"insurer": "aetna\x00"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_a_form_error(self, client, listings, query, message):
        response = client.get(self.url(listings["rosa"], **query))

        assert response.status_code == 400
        assert message in text(response)

    def test_only_published_listings(self, client):
        draft = TherapistFactory(status=Status.DRAFT)

        assert client.get(self.url(draft)).status_code == 404


def test_the_profile_button_comes_back_to_the_profile(client, listings):
    rosa = listings["rosa"]

    response = client.post(reverse("directory:therapist-report", args=[rosa.slug]), {})

    assert response.status_code == 400
    assert f'name="next" value="{rosa.get_absolute_url()}"' in html(response)


class TestSearchByCourseCost:
    def test_sort_by_the_cost_of_a_course(self, client):
        TherapistFactory(name="Dear", fee=200)
        TherapistFactory(name="Cheap long", fee=80, course_sessions_min=20, course_sessions_max=24)
        TherapistFactory(name="Cheap", fee=90)
        TherapistFactory(name="Unpublished fee", fee=None)

        response = client.get(reverse("directory:search"), {"sort": "cost"})

        names = re.findall(
            r'<h3 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', html(response)
        )
        assert names == ["Cheap", "Cheap long", "Dear", "Unpublished fee"]
        assert "course of 12–16 sessions: $1,080–$1,440" in text(response)

    def test_filter_by_the_most_for_a_whole_course(self, client):
        TherapistFactory(name="Within", fee=100)
        TherapistFactory(name="Over", fee=110)

        response = client.get(reverse("directory:search"), {"max_course_cost": "1600"})

        assert "1 therapist found" in text(response)
        assert "Within" in text(response)

    def test_a_budget_offers_the_low_cost_page(self, client):
        TherapistFactory(fee=100)

        response = client.get(reverse("directory:search"), {"budget": "60", "near": "12207"})

        assert f"{LOW_COST}?budget=60&amp;near=12207&amp;radius=25" in html(response)

    def test_the_low_cost_link_takes_whole_dollars(self, client):
        response = client.get(reverse("directory:search"), {"max_fee": "60"})

        link = re.search(r'href="(/low-cost/[^"]+)"', html(response)).group(1)
        assert client.get(link.replace("&amp;", "&")).status_code == 200


class TestLowCostPage:
    def test_lists_sliding_scales_and_clinics(self, client, listings):
        OrganisationFactory(name="Capital Clinic", cost_policy="low_cost", state="NY")

        response = client.get(LOW_COST, {"budget": "50", "near": "12207"})

        page = text(response)
        assert response.status_code == 200
        assert "Rosa Delgado: from $40 a session" in page
        assert "Capital Clinic" in page

    def test_asks_first_and_rejects_bad_input(self, client):
        assert client.get(LOW_COST).status_code == 200
        assert client.get(LOW_COST, {"budget": "-1"}).status_code == 400
        # A place without a budget, as a search links it: asked for the budget, place kept.
        carried = client.get(LOW_COST, {"near": "12207"})
        assert carried.status_code == 200
        assert 'value="12207"' in carried.content.decode()


FIELDS = [name for name in MatchForm.base_fields if not name.startswith("need_")]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from([*FIELDS, "need_budget", "page", "step", "go"]),
    value=st.one_of(
        st.text(max_size=30),
        st.sampled_from(["\x00", "-1", "1e400", "99999999999999999999", "NaN", "requirement"]),
    ),
)
def test_no_answer_makes_a_server_error(client, field, value):
    for url in (RESULTS, f"{MATCH}?step=2"):
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}{urlencode({field: value})}")
        assert response.status_code in (200, 302, 400), (field, value)
