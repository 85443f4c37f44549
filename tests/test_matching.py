"""The guided match's score: hand-worked examples, each criterion's statuses, and edge cases."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from ipt_finder.directory.choices import Accepting, Experience, IPTLevel, Status, Verification
from ipt_finder.directory.costs import lowcost
from ipt_finder.directory.match.criteria import MET, NOT_MET, PARTLY, UNKNOWN
from ipt_finder.directory.match.forms import MatchForm
from ipt_finder.directory.match.scoring import BY_KEY, CRITERIA, Match
from tests.factories import (
    CommunityFactory,
    ConditionFactory,
    CredentialFactory,
    EthnicityFactory,
    InsurancePlanFactory,
    InsurerFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ProblemAreaExperienceFactory,
    SlidingScaleTierFactory,
    StateFactory,
    TherapistFactory,
    TraitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)
FROZEN = time_machine.travel(
    datetime.datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("America/New_York")), tick=False
)
ALBANY = {"city": "Albany", "postal_code": "12207", "latitude": "42.6500", "longitude": "-73.7500"}
TROY = {"city": "Troy", "postal_code": "12180", "latitude": "42.7284", "longitude": "-73.6918"}
SCHENECTADY = {
    "city": "Schenectady",
    "postal_code": "12305",
    "latitude": "42.8142",
    "longitude": "-73.9396",
}
MANHATTAN = {
    "city": "New York",
    "postal_code": "10118",
    "latitude": "40.7484",
    "longitude": "-73.9857",
}


@pytest.fixture(autouse=True)
def frozen():
    with FROZEN:
        yield


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def match_for(query):
    form = MatchForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return Match(form.cleaned_data, labels=form.labels())


def ranked(query):
    """[(name, score, {criterion key: (status, points, detail)})], best first."""
    match = match_for(query)
    results = match.explain(match.results())
    return [
        (
            r.therapist.name,
            r.score,
            {e.criterion.key: (e.status, e.points, e.detail) for e in r.explanations},
        )
        for r in results
    ]


def statuses(query, key):
    return {name: explained[key][0] for name, _, explained in ranked(query)}


@pytest.fixture
def three_therapists():
    depression = ConditionFactory(slug="depression", name="Depression")
    anxiety = ConditionFactory(slug="anxiety", name="Anxiety")
    english = LanguageFactory(code="en", name="English")
    spanish = LanguageFactory(code="es", name="Spanish")
    gentle = TraitFactory(slug="gentle", name="Gentle", kind="communication")
    direct = TraitFactory(slug="direct", name="Direct", kind="communication")

    def therapist(name, place, *, conditions, languages, traits=(), training=None, **fields):
        listing = TherapistFactory(name=name, languages=languages, **fields)
        listing.conditions.set(conditions)
        listing.traits.set(traits)
        LocationFactory(therapist=listing, **place)
        if training:
            IPTTrainingFactory(therapist=listing, **training)
        return listing

    therapist(
        "Ana Alvarez",
        ALBANY,
        conditions=[depression],
        languages=[spanish],
        traits=[direct],
        training={"level": IPTLevel.ISIPT_CERTIFIED, "verified": True},
        fee=150,
        sliding_scale=True,
        sliding_scale_min_fee=60,
        accepting=Accepting.YES,
        accepting_confirmed_on=days_ago(10),
    )
    therapist(
        "Beth Brown",
        TROY,
        conditions=[depression],
        languages=[english],
        traits=[gentle],
        training={"level": IPTLevel.ISIPT_CERTIFIED},
        fee=90,
        accepting=Accepting.YES,
        accepting_confirmed_on=days_ago(120),
    )
    therapist(
        "Carla Cruz",
        SCHENECTADY,
        conditions=[anxiety],
        languages=[spanish],
        training={"level": IPTLevel.ISIPT_SUPERVISOR, "verified": True},
        fee=80,
        accepting=Accepting.NO,
        accepting_confirmed_on=days_ago(5),
    )
    therapist(
        "Dan Diaz",
        MANHATTAN,
        conditions=[depression],
        languages=[spanish],
        traits=[gentle],
        training={"level": IPTLevel.ISIPT_TRAINER, "verified": True},
        fee=50,
        accepting=Accepting.YES,
        accepting_confirmed_on=days_ago(1),
    )


HAND_WORKED = (
    "condition=depression&language=es&budget=100&accepting=on&communication=gentle&rung=2"
    "&near=12207&radius=25&need_location=requirement"
)


def test_hand_worked_ranking_of_three_therapists(three_therapists):
    """One set of answers, worked by hand.

    Answers: help with depression (preference, weight 3); sessions in Spanish
    (preference, 3); at most $100 a session (preference, 3); accepting new
    clients (preference, 2); a gentle communication style (preference, 1); at
    least certified in IPT (preference, 2); within 25 miles of 12207, Albany
    (requirement). Met earns 2 × weight, partly met 1 × weight, not met and
    unknown 0. The most possible: 2 × (3 + 3 + 3 + 2 + 1 + 2) = 28.

    Ana Alvarez, Albany:
        depression, met            2 × 3 = 6
        Spanish, met               2 × 3 = 6
        $150, sliding from $60,
          partly met               1 × 3 = 3
        accepting 10 days ago, met 2 × 2 = 4
        only "direct", not met             0
        certified, verified, met   2 × 2 = 4
        within 25 miles            requirement, no points
        total                             23
    Beth Brown, Troy:
        depression, met                    6
        English only, not met              0
        $90, met                           6
        accepting, but confirmed 120 days
          ago, unknown                     0
        gentle, met                2 × 1 = 2
        certified, unverified,
          partly met               1 × 2 = 2
        total                             16
    Carla Cruz, Schenectady:
        anxiety only, not met              0
        Spanish, met                       6
        $80, met                           6
        not accepting (confirmed 5 days
          ago), not met                    0
        no communication style, unknown    0
        supervisor, verified, met          4
        total                             16
    Dan Diaz, Manhattan, 135 miles away, would score 28 but fails the
    location requirement, so is left out.

    Ranking: Ana (23), then Beth and Carla tie on 16 and go by name.
    """
    results = ranked(HAND_WORKED)

    assert [(name, score) for name, score, _ in results] == [
        ("Ana Alvarez", 23),
        ("Beth Brown", 16),
        ("Carla Cruz", 16),
    ]
    ana, beth, carla = (explained for _, _, explained in results)
    assert {key: value[:2] for key, value in ana.items()} == {
        "condition": (MET, 6),
        "location": (MET, None),
        "budget": (PARTLY, 3),
        "accepting": (MET, 4),
        "language": (MET, 6),
        "communication": (NOT_MET, 0),
        "ipt_level": (MET, 4),
    }
    assert {key: value[:2] for key, value in beth.items()} == {
        "condition": (MET, 6),
        "location": (MET, None),
        "budget": (MET, 6),
        "accepting": (UNKNOWN, 0),
        "language": (NOT_MET, 0),
        "communication": (MET, 2),
        "ipt_level": (PARTLY, 2),
    }
    assert {key: value[:2] for key, value in carla.items()} == {
        "condition": (NOT_MET, 0),
        "location": (MET, None),
        "budget": (MET, 6),
        "accepting": (NOT_MET, 0),
        "language": (MET, 6),
        "communication": (UNKNOWN, 0),
        "ipt_level": (MET, 4),
    }
    assert ana["budget"][2] == "$150 a session, over your $100; sliding scale from $60."
    assert ana["location"][2] == "Office 0.4 miles from Albany, NY 12207."
    assert ana["communication"][2] == "Doesn't list gentle."
    assert ana["ipt_level"][2] == "Certified IPT therapist, verified."
    assert beth["accepting"][2] == "Availability last confirmed 120 days ago, too long to rely on."
    assert beth["ipt_level"][2] == "Certified IPT therapist, not yet verified."
    assert carla["accepting"][2] == "Not accepting new clients, confirmed 5 days ago."
    assert carla["communication"][2] == "Doesn't describe this."
    assert carla["condition"][2] == "Doesn't list depression."


def test_the_database_score_orders_by_the_explained_points(three_therapists):
    match = match_for(HAND_WORKED)

    therapists = list(match.results())

    assert match.max_score == 28
    for therapist in therapists:
        assert therapist.match_score == match.explain_one(therapist).score


def test_made_a_requirement_a_preference_changes_the_order(three_therapists):
    """Without the location requirement Dan Diaz earns full marks: 6+6+6+4+2+4 = 28, then
    location as a preference adds 2 × 3 = 6 to the others and nothing to him."""
    query = HAND_WORKED.replace("&need_location=requirement", "&need_location=preference")

    results = ranked(query)

    assert [(name, score) for name, score, _ in results] == [
        ("Ana Alvarez", 29),
        ("Dan Diaz", 28),
        ("Beth Brown", 22),
        ("Carla Cruz", 22),
    ]


def test_no_answers_lists_every_published_listing_by_name():
    TherapistFactory(name="Zoe Young")
    TherapistFactory(name="Abe Adams")
    TherapistFactory(name="Hidden Draft", status=Status.DRAFT)
    TherapistFactory(name="Suspended Sam", status=Status.SUSPENDED)

    assert [(name, score) for name, score, _ in ranked("")] == [("Abe Adams", 0), ("Zoe Young", 0)]


def test_ties_are_broken_by_name_then_by_id():
    first = TherapistFactory(name="Sam Lee", slug="sam-lee-1", fee=90)
    second = TherapistFactory(name="Sam Lee", slug="sam-lee-2", fee=90)
    TherapistFactory(name="Al Ames", fee=90)

    match = match_for("budget=100")

    assert [t.pk for t in match.results()][1:] == [first.pk, second.pk]
    assert list(match.results()) == list(match.results())


@pytest.mark.parametrize(
    ("confirmed", "accepting", "status"),
    [
        (0, Accepting.YES, MET),
        (90, Accepting.YES, MET),
        (91, Accepting.YES, UNKNOWN),
        (None, Accepting.YES, UNKNOWN),
        (30, Accepting.WAITLIST, PARTLY),
        (30, Accepting.NO, NOT_MET),
        (200, Accepting.NO, UNKNOWN),
    ],
)
def test_accepting_is_unknown_once_not_confirmed_for_90_days(confirmed, accepting, status):
    TherapistFactory(
        name="Kim",
        accepting=accepting,
        accepting_confirmed_on=None if confirmed is None else days_ago(confirmed),
    )

    assert statuses("accepting=on", "accepting") == {"Kim": status}


def test_a_rejected_training_is_no_claim_to_an_ipt_level():
    verified = TherapistFactory(name="Verified")
    IPTTrainingFactory(therapist=verified, level=IPTLevel.ISIPT_SUPERVISOR, verified=True)
    claimed = TherapistFactory(name="Claimed")
    IPTTrainingFactory(therapist=claimed, level=IPTLevel.ISIPT_SUPERVISOR)
    rejected = TherapistFactory(name="Rejected")
    IPTTrainingFactory(
        therapist=rejected, level=IPTLevel.ISIPT_SUPERVISOR, verification=Verification.REJECTED
    )

    assert statuses("rung=3", "ipt_level") == {
        "Verified": "met",
        "Claimed": "partly",
        "Rejected": "not_met",
    }


def test_the_accepting_requirement_keeps_only_fresh_yes():
    TherapistFactory(name="Fresh", accepting_confirmed_on=days_ago(3))
    TherapistFactory(name="Stale", accepting_confirmed_on=days_ago(100))
    TherapistFactory(name="Waitlist", accepting=Accepting.WAITLIST)

    assert [name for name, _, _ in ranked("accepting=on&need_accepting=requirement")] == ["Fresh"]


class TestBudget:
    def test_without_household_a_sliding_scale_that_may_fit_is_partly_met(self):
        TherapistFactory(name="Full fits", fee=100)
        TherapistFactory(name="Scale fits", fee=150, sliding_scale=True, sliding_scale_min_fee=50)
        TherapistFactory(name="Too dear", fee=150, sliding_scale=True, sliding_scale_min_fee=120)
        TherapistFactory(name="No fee", fee=None)

        assert statuses("budget=100", "budget") == {
            "Full fits": MET,
            "No fee": UNKNOWN,
            "Scale fits": PARTLY,
            "Too dear": NOT_MET,
        }

    def test_as_a_requirement_partly_met_is_kept(self):
        TherapistFactory(name="Scale fits", fee=150, sliding_scale=True, sliding_scale_min_fee=50)
        TherapistFactory(name="Too dear", fee=150)

        results = ranked("budget=100&need_budget=requirement")

        assert [(name, e["budget"][:2]) for name, _, e in results] == [
            ("Scale fits", (PARTLY, None))
        ]

    def test_with_household_the_tier_that_applies_decides(self):
        fits = TherapistFactory(
            name="Tier fits", fee=150, sliding_scale=True, sliding_scale_min_fee=40
        )
        SlidingScaleTierFactory(therapist=fits, income_min=0, income_max=30000, fee=40)
        SlidingScaleTierFactory(therapist=fits, income_min=30000, income_max=None, fee=120)
        dear = TherapistFactory(
            name="Tier too dear", fee=150, sliding_scale=True, sliding_scale_min_fee=40
        )
        SlidingScaleTierFactory(therapist=dear, income_min=0, income_max=20000, fee=40)
        SlidingScaleTierFactory(therapist=dear, income_min=20000, income_max=None, fee=130)
        TherapistFactory(name="No tiers", fee=150, sliding_scale=True, sliding_scale_min_fee=60)

        assert statuses("budget=100&income=29999&household=2", "budget") == {
            "No tiers": PARTLY,
            "Tier fits": MET,
            "Tier too dear": NOT_MET,
        }
        # On the boundary the upper band applies: $120 is over budget.
        assert statuses("budget=100&income=30000&household=2", "budget")["Tier fits"] == NOT_MET

    def test_a_household_no_tier_covers_falls_back_to_the_full_fee(self):
        listing = TherapistFactory(
            name="Small households", fee=90, sliding_scale=True, sliding_scale_min_fee=40
        )
        SlidingScaleTierFactory(
            therapist=listing, income_min=0, income_max=30000, household_max=2, fee=40
        )

        results = ranked("budget=100&income=10000&household=5")

        assert results[0][2]["budget"] == (
            MET,
            6,
            "$90 a session, within your $100; none of the sliding-scale tiers covers your household.",
        )


def test_insurer_in_network_is_met_and_superbills_partly():
    aetna = InsurerFactory(slug="aetna", name="Aetna")
    cigna = InsurerFactory(slug="cigna", name="Cigna")
    taken = TherapistFactory(name="In network")
    taken.insurance_plans.add(InsurancePlanFactory(insurer=aetna, name="Choice"))
    other = TherapistFactory(name="Other insurer")
    other.insurance_plans.add(InsurancePlanFactory(insurer=cigna))
    TherapistFactory(name="Superbills", superbills=True)

    assert statuses("insurer=aetna", "insurer") == {
        "In network": MET,
        "Other insurer": NOT_MET,
        "Superbills": PARTLY,
    }
    assert [n for n, _, _ in ranked("insurer=aetna&need_insurer=requirement")] == ["In network"]


def test_self_described_identity_left_blank_is_unknown():
    black = EthnicityFactory(slug="black", name="Black or African American")
    woman = TherapistFactory(name="Woman", gender="woman", lgbtq=True, faith="jewish")
    woman.ethnicities.add(black)
    TherapistFactory(name="Man", gender="man", lgbtq=False, faith="christian")
    TherapistFactory(name="Unsaid", gender="", lgbtq=None, faith="")
    query = "gender=woman&gender=non_binary&lgbtq=on&ethnicity=black&faith=jewish"

    results = {name: explained for name, _, explained in ranked(query)}

    assert {name: e["gender"][0] for name, e in results.items()} == {
        "Man": NOT_MET,
        "Unsaid": UNKNOWN,
        "Woman": MET,
    }
    assert {name: e["lgbtq"][0] for name, e in results.items()} == {
        "Man": NOT_MET,
        "Unsaid": UNKNOWN,
        "Woman": MET,
    }
    assert results["Unsaid"]["ethnicity"][0] == UNKNOWN
    assert results["Woman"]["ethnicity"][0] == MET
    assert results["Man"]["faith"][0] == NOT_MET
    assert results["Unsaid"]["faith"][:2] == (UNKNOWN, 0)


def test_traits_all_met_some_partly_none_of_the_kind_unknown():
    gentle = TraitFactory(slug="gentle", name="Gentle", kind="communication")
    structured = TraitFactory(slug="structured", name="Structured", kind="communication")
    direct = TraitFactory(slug="direct", name="Direct", kind="communication")
    warm = TraitFactory(slug="warm", name="Warm", kind="personality")
    TherapistFactory(name="Both").traits.set([gentle, structured])
    TherapistFactory(name="One").traits.set([gentle])
    TherapistFactory(name="Other").traits.set([direct])
    TherapistFactory(name="Silent").traits.set([warm])

    assert statuses("communication=gentle&communication=structured", "communication") == {
        "Both": MET,
        "One": PARTLY,
        "Other": NOT_MET,
        "Silent": UNKNOWN,
    }
    required = "communication=gentle&communication=structured&need_communication=requirement"
    assert [name for name, _, _ in ranked(required)] == ["Both", "One"]
    details = {
        name: e["communication"][2]
        for name, _, e in ranked("communication=gentle&communication=structured")
    }
    assert details == {
        "Both": "Lists gentle, structured.",
        "One": "Lists gentle. Not structured.",
        "Other": "Doesn't list gentle, structured.",
        "Silent": "Doesn't describe this.",
    }


def test_communities_all_met_some_partly():
    lgbtq = CommunityFactory(slug="lgbtq", name="LGBTQ+")
    veterans = CommunityFactory(slug="veterans", name="Veterans")
    TherapistFactory(name="Both").communities.set([lgbtq, veterans])
    TherapistFactory(name="One").communities.set([veterans])
    TherapistFactory(name="None")

    assert statuses("community=lgbtq&community=veterans", "community") == {
        "Both": MET,
        "None": NOT_MET,
        "One": PARTLY,
    }
    details = {n: e["community"][2] for n, _, e in ranked("community=lgbtq&community=veterans")}
    assert details["One"] == "Lists veterans and military families. Not LGBTQ+."


def test_problem_area_regular_experience_met_some_partly():
    for name, experience in [("Extensive", Experience.EXTENSIVE), ("Some", Experience.SOME)]:
        ProblemAreaExperienceFactory(
            therapist=TherapistFactory(name=name), area="grief", experience=experience
        )
    ProblemAreaExperienceFactory(therapist=TherapistFactory(name="Disputes"), area="role_disputes")

    results = {name: e["problem_area"] for name, _, e in ranked("problem_area=grief")}

    assert results == {
        "Disputes": (NOT_MET, 0, "No experience with grief listed."),
        "Extensive": (MET, 6, "Extensive experience: grief."),
        "Some": (PARTLY, 3, "Some experience: grief."),
    }
    required = ranked("problem_area=grief&need_problem_area=requirement")
    assert [name for name, _, _ in required] == ["Extensive", "Some"]


def test_licence_verified_met_unchecked_unknown_expired_not_met():
    CredentialFactory(therapist=TherapistFactory(name="Verified"), verified=True)
    CredentialFactory(therapist=TherapistFactory(name="Unchecked"))
    CredentialFactory(
        therapist=TherapistFactory(name="Expired"),
        verified=True,
        issued_on=datetime.date(2015, 1, 1),
        expires_on=days_ago(1),
    )
    CredentialFactory(
        therapist=TherapistFactory(name="Rejected"), verification=Verification.REJECTED
    )

    assert statuses("verified_licence=on", "verified_licence") == {
        "Expired": NOT_MET,
        "Rejected": NOT_MET,
        "Unchecked": UNKNOWN,
        "Verified": MET,
    }


def test_location_in_person_or_telehealth():
    StateFactory(code="NY")
    near = TherapistFactory(name="Near")
    LocationFactory(therapist=near, **TROY)
    online = TherapistFactory(name="Online", telehealth_video=True)
    online.telehealth_states.set(["NY"])
    LocationFactory(therapist=online, **MANHATTAN)
    LocationFactory(therapist=TherapistFactory(name="Far"), **MANHATTAN)

    assert statuses("near=12207&need_location=preference", "location") == {
        "Far": NOT_MET,
        "Near": MET,
        "Online": PARTLY,
    }
    assert statuses("near=12207&telehealth=on&need_location=preference", "location") == {
        "Far": NOT_MET,
        "Near": MET,
        "Online": MET,
    }
    assert statuses("telehealth=on&state=NY&need_location=preference", "location") == {
        "Far": NOT_MET,
        "Near": NOT_MET,
        "Online": MET,
    }


def test_being_reachable_is_a_requirement_unless_made_a_preference():
    """An office in range, or telehealth licensed in the person's state, even unasked."""
    StateFactory(code="NY")
    LocationFactory(therapist=TherapistFactory(name="Near"), **TROY)
    online = TherapistFactory(name="Online", telehealth_video=True)
    online.telehealth_states.set(["NY"])
    LocationFactory(therapist=online, **MANHATTAN)
    elsewhere = TherapistFactory(name="Online elsewhere", telehealth_video=True)
    elsewhere.telehealth_states.set([StateFactory(code="TX")])
    LocationFactory(therapist=TherapistFactory(name="Far"), **MANHATTAN)

    assert statuses("near=12207", "location") == {"Near": MET, "Online": PARTLY}
    assert set(statuses("near=12207&need_location=preference", "location")) == {
        "Near",
        "Online",
        "Online elsewhere",
        "Far",
    }


def test_schedule_all_times_met_some_partly():
    TherapistFactory(name="Both", evening_hours=True, weekend_hours=True)
    TherapistFactory(name="Evenings", evening_hours=True)
    TherapistFactory(name="Days")

    assert statuses("evening=on&weekend=on", "schedule") == {
        "Both": MET,
        "Days": NOT_MET,
        "Evenings": PARTLY,
    }


def test_met_and_partly_rules_come_first_so_requirements_are_their_union():
    """Each criterion's first-match rules list met and partly met before the rest."""
    answers = (
        "condition=depression&problem_area=grief&age_group=adults&near=12207&telehealth=on"
        "&budget=100&income=20000&household=2&insurer=aetna&evening=on&weekend=on&accepting=on"
        "&language=es&language=en&community=lgbtq&community=veterans&communication=gentle"
        "&communication=direct&personality=warm&values=secular&gender=woman&lgbtq=on"
        "&transgender=on&ethnicity=black&faith=jewish&rung=2&verified_licence=on&track_record=on"
    )
    InsurerFactory(slug="aetna", name="Aetna")
    match = match_for(answers)

    assert {a.criterion.key for a in match.answers} == set(BY_KEY)
    order = {MET: 0, PARTLY: 1, UNKNOWN: 2, NOT_MET: 2}
    for answer in match.answers:
        ranks = [order[status] for status, _ in answer.criterion.rules(answer.value, match.ctx)]
        assert ranks == sorted(ranks), answer.criterion.key


def test_dead_end_names_the_requirement_that_excludes_the_most():
    french = LanguageFactory(code="fr", name="French")
    spanish = LanguageFactory(code="es", name="Spanish")
    TherapistFactory(name="Cheap Spanish", fee=60, languages=[spanish])
    TherapistFactory(name="Dear French", fee=200, languages=[french])
    TherapistFactory(name="Dear French 2", fee=210, languages=[french])
    query = "language=fr&need_language=requirement&budget=100&need_budget=requirement"

    match = match_for(query)

    assert not match.results().exists()
    assert [(a.criterion.key, count) for a, count in match.dead_end()] == [
        ("budget", 2),
        ("language", 1),
    ]
    relaxed = ranked("language=fr&need_language=requirement&budget=100")
    assert [name for name, _, _ in relaxed] == ["Dear French", "Dear French 2"]


def test_dead_end_with_one_requirement_counts_every_listing():
    TherapistFactory(name="A", fee=200)
    TherapistFactory(name="B", fee=300)

    match = match_for("budget=10&need_budget=requirement")

    assert [(a.criterion.key, n) for a, n in match.dead_end()] == [("budget", 2)]


def test_the_low_cost_path_when_a_budget_excludes_most():
    StateFactory(code="NY")
    scale = TherapistFactory(name="Scale", fee=150, sliding_scale=True, sliding_scale_min_fee=40)
    LocationFactory(therapist=scale, **TROY)
    for n in range(3):
        LocationFactory(therapist=TherapistFactory(name=f"Dear {n}", fee=200), **ALBANY)
    clinic = OrganisationFactory(name="Albany Clinic", cost_policy="free", state="NY")
    OrganisationFactory(name="Texas Clinic", cost_policy="low_cost", state="TX", city="Austin")
    OrganisationFactory(name="Standard Practice", cost_policy="standard", state="NY")
    remote = OrganisationFactory(name="Remote Clinic", cost_policy="low_cost", state="VT")
    online = TherapistFactory(name="Remote", telehealth_video=True, fee=200)
    online.telehealth_states.set(["NY"])
    online.organisations.add(remote)

    match = match_for("budget=50&near=12207")
    fits, total = match.budget_squeeze()
    path = lowcost.low_cost_path(50, match.ctx.data["near"], 25)

    assert (fits, total) == (1, 5)
    assert lowcost.squeezed(fits, total)
    assert [t.name for t in path.therapists] == ["Scale"]
    assert [o.name for o in path.organisations] == [clinic.name, "Remote Clinic"]


def test_squeezed_means_fewer_than_a_third_fit():
    assert lowcost.squeezed(1, 4)
    assert not lowcost.squeezed(1, 3)
    assert not lowcost.squeezed(0, 0)


def test_the_low_cost_path_uses_the_households_tier():
    fits = TherapistFactory(name="Fits", fee=150, sliding_scale=True, sliding_scale_min_fee=40)
    SlidingScaleTierFactory(therapist=fits, income_min=0, income_max=30000, fee=45)
    dear = TherapistFactory(name="Dear", fee=150, sliding_scale=True, sliding_scale_min_fee=40)
    SlidingScaleTierFactory(therapist=dear, income_min=0, income_max=10000, fee=40)
    SlidingScaleTierFactory(therapist=dear, income_min=10000, income_max=None, fee=100)

    path = lowcost.low_cost_path(50, income=20000, household=1)

    assert [(t.name, t.low_fee, t.low_fee_is_tier) for t in path.therapists] == [("Fits", 45, True)]


def everything(n, place):
    """n listings with every relation the match reads."""
    spanish = LanguageFactory(code="es", name="Spanish")
    gentle = TraitFactory(slug="gentle", name="Gentle", kind="communication")
    lgbtq = CommunityFactory(slug="lgbtq", name="LGBTQ+")
    aetna = InsurerFactory(slug="aetna", name="Aetna")
    for i in range(n):
        listing = TherapistFactory(
            languages=[spanish], sliding_scale=True, sliding_scale_min_fee=40
        )
        listing.traits.add(gentle)
        listing.communities.add(lgbtq)
        listing.insurance_plans.add(InsurancePlanFactory(insurer=aetna, slug=f"plan-{n}-{i}"))
        SlidingScaleTierFactory(therapist=listing, income_min=0, income_max=30000, fee=40)
        ProblemAreaExperienceFactory(therapist=listing)
        LocationFactory(therapist=listing, **place)
        IPTTrainingFactory(therapist=listing, verified=True)
        CredentialFactory(therapist=listing, verified=True)


def count_match_queries():
    query = (
        "condition=depression&problem_area=grief&near=12207&telehealth=on&budget=100"
        "&income=20000&household=2&insurer=aetna&accepting=on&language=es&community=lgbtq"
        "&communication=gentle&rung=2&verified_licence=on&gender=woman&ethnicity=black"
    )
    with CaptureQueriesContext(connection) as queries:
        match = match_for(query)
        match.explain(match.results()[:10])
    return len(queries)


def test_match_queries_dont_grow_with_the_results():
    everything(2, ALBANY)
    count_match_queries()  # loads the vocabulary rows the form's choices come from
    small = count_match_queries()
    everything(8, TROY)
    count_match_queries()  # the new listings brought new terms: loaded once more

    assert count_match_queries() == small


def test_every_criterion_is_documented():
    for criterion in CRITERIA:
        assert criterion.label and criterion.question and criterion.requirement
        assert criterion.weight in {1, 2, 3}
