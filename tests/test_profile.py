"""The public profile page, and the form for reporting outdated information."""

import datetime
import re
import time
import zoneinfo

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from time_machine import travel

from ipt_finder.directory.choices import Accepting, IPTLevel, Status, Verification
from ipt_finder.directory.models import Report
from ipt_finder.directory.web import spam
from tests.factories import (
    ConditionFactory,
    CredentialFactory,
    CulturalTrainingFactory,
    InsurancePlanFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    ProblemAreaExperienceFactory,
    SlidingScaleTierFactory,
    StateFactory,
    TherapistFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
NOON = datetime.datetime.combine(TODAY, datetime.time(12), zoneinfo.ZoneInfo("America/New_York"))
SECTIONS = ["approach", "experience", "credentials", "culture", "fees", "where"]
VERIFIED_LICENCE = "Verified licence"
STALE = "Availability not confirmed recently"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(NOON, tick=False)
    return TODAY


def sections(html):
    """{section id: its HTML}, in page order."""
    return dict(re.findall(r'<section id="([\w-]+)".*?>(.*?)</section>', html, re.S))


@pytest.fixture
def profile(today):
    therapist = TherapistFactory(
        name="Rosa Delgado",
        bio="I work with adults after a loss or a big change.",
        approach="We choose one relationship problem to focus on together.",
        first_session="We map the important people in your life.",
        fee=160,
        sliding_scale=True,
        sliding_scale_min_fee=40,
        telehealth_video=True,
        accepting_confirmed_on=today - datetime.timedelta(days=12),
        confirmed_on=datetime.date(2026, 5, 2),
        reviewed_on=datetime.date(2026, 4, 20),
        languages=[LanguageFactory(code="es", name="Spanish")],
    )
    therapist.conditions.add(ConditionFactory(slug="depression"))
    therapist.telehealth_states.add(StateFactory(code="NY"))
    therapist.insurance_plans.add(
        InsurancePlanFactory(insurer__slug="aetna", insurer__name="Aetna", name="Choice POS")
    )
    ProblemAreaExperienceFactory(therapist=therapist, area="grief")
    CredentialFactory(therapist=therapist, title="Licensed Clinical Social Worker", verified=True)
    IPTTrainingFactory(therapist=therapist, level=IPTLevel.ISIPT_SUPERVISOR, verified=True)
    CulturalTrainingFactory(therapist=therapist, course="Serving immigrant families")
    LocationFactory(therapist=therapist, street="100 State Street", label="Downtown office")
    for household_min, household_max, income_min, income_max, fee in [
        (3, None, 0, None, 50),
        (1, 2, 30_000, 60_000, 80),
        (1, 2, 0, 30_000, 40),
    ]:
        SlidingScaleTierFactory(
            therapist=therapist,
            household_min=household_min,
            household_max=household_max,
            income_min=income_min,
            income_max=income_max,
            fee=fee,
        )
    return therapist


def test_profile_sections_follow_the_guidance_order(client, profile):
    response = client.get(profile.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    found = sections(html)
    positions = [html.index(f'<section id="{name}"') for name in SECTIONS]
    assert positions == sorted(positions)
    assert [name for name in found if name in SECTIONS] == SECTIONS
    assert "after a loss or a big change" in found["approach"]
    assert "map the important people" in found["approach"]
    assert "Works with depression" in found["experience"]
    assert "Grief: works with this regularly" in found["experience"]
    assert "Licensed Clinical Social Worker" in found["credentials"]
    assert "ISIPT Supervisor" in found["credentials"]
    assert "Works in Spanish." in found["culture"]
    assert "Serving immigrant families" in found["culture"]
    assert "$160 a session at the full fee." in found["fees"]
    assert "Sliding scale from $40 a session." in found["fees"]
    assert "In network with Aetna Choice POS." in found["fees"]
    assert "100 State Street, Albany, NY 12207" in found["where"]
    assert "Telehealth by video for people in New York." in found["where"]


def test_sliding_scale_table_lists_every_tier_in_order(client, profile):
    html = client.get(profile.get_absolute_url()).content.decode()

    table = sections(html)["fees"].split("<tbody>")[1].split("</tbody>")[0]
    rows = [
        re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert rows == [
        ["1-2 people", "$0 to $29,999", "$40"],
        ["1-2 people", "$30,000 to $59,999", "$80"],
        ["3+ people", "$0 and above", "$50"],
    ]
    assert "Sliding scale, by yearly household income" in html


def test_no_table_without_tiers(client, today):
    therapist = TherapistFactory(sliding_scale=True, sliding_scale_min_fee=60)

    html = client.get(therapist.get_absolute_url()).content.decode()

    assert "Sliding scale from $60 a session." in html
    assert "<table" not in html


def test_profile_shows_questions_to_ask_and_review_dates(client, profile):
    found = sections(client.get(profile.get_absolute_url()).content.decode())

    assert "Questions to ask" in found["questions"]
    assert found["questions"].count("<li>") >= 5
    assert "Details last confirmed by the therapist: May 2, 2026." in found["contact"]
    assert "Last reviewed by a curator: Apr 20, 2026." in found["contact"]


def test_profile_says_when_dates_are_missing(client, today):
    therapist = TherapistFactory(confirmed_on=None, reviewed_on=None)

    html = client.get(therapist.get_absolute_url()).content.decode()

    assert "Details last confirmed by the therapist: not yet." in html
    assert "Last reviewed by a curator: not yet." in html


@pytest.mark.parametrize(
    ("days", "accepting", "shown", "hidden"),
    [
        (0, Accepting.YES, "confirmed today", STALE),
        (1, Accepting.YES, "confirmed yesterday", STALE),
        (90, Accepting.YES, "confirmed 90 days ago", STALE),
        (91, Accepting.YES, STALE, "Accepting new clients"),
        (400, Accepting.YES, STALE, "Accepting new clients"),
        (10, Accepting.WAITLIST, "Waitlist</span>", STALE),
        (10, Accepting.NO, "Not accepting new clients", STALE),
        (91, Accepting.NO, STALE, "Not accepting"),
    ],
)
def test_accepting_is_only_trusted_for_ninety_days(client, today, days, accepting, shown, hidden):
    therapist = TherapistFactory(
        accepting=accepting, accepting_confirmed_on=today - datetime.timedelta(days=days)
    )

    main = client.get(therapist.get_absolute_url()).content.decode().split("<main")[1]
    header = main.split("</header>")[0]

    assert shown in header
    assert hidden not in header


def test_accepting_never_confirmed_is_not_trusted(client, today):
    therapist = TherapistFactory(accepting_confirmed_on=None)

    html = client.get(therapist.get_absolute_url()).content.decode()

    assert STALE in html


@pytest.mark.parametrize(
    ("credential", "badge", "status"),
    [
        ({"verified": True}, True, "Verified</span>"),
        ({"verified": True, "expires_on": None}, True, "Verified</span>"),
        ({"verified": True, "expires_on": TODAY}, True, "Verified</span>"),
        ({"verified": True, "expires_on": TODAY - datetime.timedelta(days=1)}, False, "Expired"),
        ({}, False, "Not yet verified"),
        ({"verification": Verification.REJECTED}, False, "Could not be verified"),
        ({"verified": True, "kind": "degree"}, False, "Verified</span>"),
    ],
)
def test_verified_licence_badge_needs_a_current_verified_licence(
    client, today, credential, badge, status
):
    therapist = TherapistFactory()
    CredentialFactory(therapist=therapist, **credential)

    html = client.get(therapist.get_absolute_url()).content.decode()

    assert (VERIFIED_LICENCE in html) is badge
    assert status in sections(html)["credentials"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.SUSPENDED])
def test_unpublished_profiles_are_not_found(client, status):
    therapist = TherapistFactory(status=status)

    assert client.get(therapist.get_absolute_url()).status_code == 404


def test_unknown_profile_is_not_found(client):
    assert client.get("/therapists/nobody-here/").status_code == 404


def test_profile_queries_do_not_grow_with_its_rows(client, today):
    def listing(n):
        therapist = TherapistFactory(sliding_scale=True, sliding_scale_min_fee=20)
        for i in range(n):
            CredentialFactory(therapist=therapist, verified=bool(i % 2))
            IPTTrainingFactory(therapist=therapist, verified=bool(i % 2))
            CulturalTrainingFactory(therapist=therapist)
            LocationFactory(therapist=therapist, street=f"{i} Main Street")
            SlidingScaleTierFactory(
                therapist=therapist, income_min=i * 10_000, income_max=(i + 1) * 10_000, fee=20 + i
            )
            therapist.insurance_plans.add(InsurancePlanFactory(insurer__slug=f"insurer-{i}"))
            therapist.telehealth_states.add(
                StateFactory(code=["NY", "NJ", "CT", "PA", "VT"][i % 5])
            )
            therapist.conditions.add(ConditionFactory(slug=f"condition-{i}"))
        therapist.languages.set(LanguageFactory(code=c) for c in ["en", "es", "fr", "de"][:n])
        return therapist

    counts = []
    for therapist in [listing(1), listing(10)]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(therapist.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Reporting outdated information


def report_url(therapist):
    return f"{therapist.get_absolute_url()}report/"


def started_token(client, therapist):
    html = client.get(therapist.get_absolute_url()).content.decode()
    return re.search(r'name="started" value="([^"]+)"', html)[1]


@pytest.fixture
def listing(time_machine):
    time_machine.move_to(NOON, tick=False)
    return TherapistFactory(name="Rosa Delgado")


def valid_report(token, **changes):
    return {
        "topic": "accepting",
        "message": "The phone line says she is not taking new clients.",
        "contact": "",
        "fax": "",
        "started": token,
        **changes,
    }


def aged_token(seconds):
    """A form start token as if the page had been loaded `seconds` ago."""
    with travel(time.time() - seconds, tick=False):
        return signing.dumps(time.time(), salt=spam.SALT)


def test_a_valid_report_is_stored_for_curators(client, listing, time_machine):
    token = started_token(client, listing)
    time_machine.shift(datetime.timedelta(seconds=5))

    response = client.post(
        report_url(listing), valid_report(token, contact="reader@example.org"), follow=True
    )

    assert response.redirect_chain == [(f"{listing.get_absolute_url()}#report", 302)]
    assert "Thank you. A curator will check this listing." in response.content.decode()
    report = Report.objects.get()
    assert report.therapist == listing
    assert report.topic == "accepting"
    assert report.message == "The phone line says she is not taking new clients."
    assert report.contact == "reader@example.org"
    assert report.status == Report.Status.OPEN


def test_the_contact_is_optional(client, listing):
    response = client.post(report_url(listing), valid_report(aged_token(10), contact=""))

    assert response.status_code == 302
    assert Report.objects.get().contact == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fax": "https://spam.example"}, "This looked like an automated submission"),
        ({"started": "too-fast"}, "That was quicker than a person can type."),
        ({"started": "tampered"}, "This form has expired. Please reload the page and try again."),
        ({"started": "expired"}, "This form has expired. Please reload the page and try again."),
        ({"started": ""}, "This field is required."),
        ({"message": ""}, "This field is required."),
        ({"message": "   "}, "This field is required."),
        ({"message": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"topic": "bogus"}, "Select a valid choice. bogus is not one of the available choices."),
        ({"topic": ""}, "This field is required."),
    ],
)
def test_a_bad_report_writes_nothing_and_says_why(client, listing, changes, message):
    token = aged_token(10)
    tokens = {
        "too-fast": aged_token(1),
        "tampered": token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),
        "expired": aged_token(spam.MAX_AGE + 60),
    }
    changes = {name: tokens.get(value, value) for name, value in changes.items()}

    response = client.post(report_url(listing), valid_report(token, **changes))

    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert not Report.objects.exists()


def test_the_sixth_report_within_an_hour_is_refused(client, listing, time_machine, settings):
    # time_machine moves Python's clock, not a Redis server's: keys there would not expire.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The clock stands still here, so each token gets its own age to be a new one.
    for n in range(5):
        assert client.post(report_url(listing), valid_report(aged_token(10 + n))).status_code == 302

    response = client.post(report_url(listing), valid_report(aged_token(20)))

    assert response.status_code == 429
    assert "We have had several reports from you recently." in response.content.decode()
    assert Report.objects.count() == 5
    # Another address is not held back, and the limit lifts after the hour.
    other = client.post(report_url(listing), valid_report(aged_token(21)), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    time_machine.shift(datetime.timedelta(hours=1, seconds=1))
    assert client.post(report_url(listing), valid_report(aged_token(22))).status_code == 302
    assert Report.objects.count() == 7


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.SUSPENDED])
def test_reports_on_unpublished_listings_are_not_found(client, time_machine, status):
    time_machine.move_to(NOON, tick=False)
    therapist = TherapistFactory(status=status)

    response = client.post(report_url(therapist), valid_report(aged_token(10)))

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_the_report_url_only_takes_posts(client, listing):
    assert client.get(report_url(listing)).status_code == 405
