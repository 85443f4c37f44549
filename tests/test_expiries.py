"""The expiry rule and the daily check_expiries command."""

import datetime
import io
import subprocess
import sys

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipt_finder.directory import models
from ipt_finder.directory.choices import CredentialKind, Status
from ipt_finder.directory.curation import services as curation
from tests import factories
from tests.curation_helpers import FROZEN, TODAY
from tests.test_settings import ROOT

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def check_expiries(*args):
    out = io.StringIO()
    call_command("check_expiries", *args, stdout=out)
    return out.getvalue().splitlines()


def licence(days, **kwargs):
    """A verified licence that expires `days` from today (negative: already expired)."""
    kwargs.setdefault("verified", True)
    return factories.CredentialFactory(expires_on=TODAY + days * DAY, **kwargs)


def snapshot():
    return sorted(
        models.Therapist.objects.values_list(
            "pk", "status", "needs_review", "review_reason", "flagged_on", "updated_at"
        )
    )


@FROZEN
def test_a_verified_record_stops_counting_the_day_after_it_expires():
    credential = licence(0)
    assert credential.is_verified()
    assert models.Therapist.objects.with_verified_licence().filter(pk=credential.therapist_id)
    with time_machine.travel(datetime.datetime(2025, 6, 3, 12), tick=False):
        credential.refresh_from_db()
        assert not credential.is_verified()
        assert credential.is_expired()
        assert not models.Therapist.objects.with_verified_licence().exists()


@FROZEN
def test_the_command_reports_expired_and_expiring_records_and_flags_listings():
    expired = licence(-1, therapist__name="Ana Expired")
    soon = licence(60, therapist__name="Bo Soon")
    licence(61, therapist__name="Cy Later")
    draft = licence(-1, therapist__name="Di Draft", therapist__status=Status.DRAFT)
    suspended = licence(-1, therapist__name="Ed Suspended", therapist__status=Status.SUSPENDED)
    unverified = factories.CredentialFactory(therapist__name="Flo Unchecked")
    factories.IPTTrainingFactory(
        therapist=soon.therapist, expires_on=TODAY + 5 * DAY, completed_on=datetime.date(2020, 1, 1)
    )

    lines = check_expiries()

    text = "\n".join(lines)
    assert "Expired (1):" in text and "Ana Expired (published)" in text
    assert "Expiring within 60 days (2):" in text
    assert "Bo Soon (published): credential" in text
    assert "Bo Soon (published): IPT training" in text
    assert "Cy Later" not in text and "Di Draft" not in text and "Ed Suspended" not in text
    assert lines[-1] == (
        "1 expired, 2 expiring within 60 days; flagged 2 listings for review (0 already flagged)."
    )
    flagged = models.Therapist.objects.filter(needs_review=True)
    assert {t.pk for t in flagged} == {expired.therapist_id, unverified.therapist_id}
    reasons = {t.pk: t.review_reason for t in flagged}
    assert reasons[expired.therapist_id] == (
        f"No current verified licence: {expired} expired on {(TODAY - DAY).isoformat()}"
    )
    assert reasons[unverified.therapist_id] == "No current verified licence: not yet verified"
    assert {t.flagged_on for t in flagged} == {TODAY}
    # Flagged, not hidden: the listing stays public for a curator to decide.
    assert models.Therapist.objects.published().filter(pk=expired.therapist_id).exists()
    for listing in (draft.therapist, suspended.therapist, soon.therapist):
        listing.refresh_from_db()
        assert not listing.needs_review


@FROZEN
def test_a_listing_with_no_licence_at_all_is_flagged():
    therapist = factories.TherapistFactory()
    factories.CredentialFactory(therapist=therapist, verified=True, kind=CredentialKind.DEGREE)
    check_expiries()
    therapist.refresh_from_db()
    assert therapist.review_reason == "No current verified licence: none listed"


@FROZEN
def test_running_twice_changes_nothing_the_second_time_and_says_so():
    licence(-3)
    factories.TherapistFactory()
    licence(30)

    first = check_expiries()
    state = snapshot()
    second = check_expiries()

    assert "flagged 2 listings" in first[-1]
    assert snapshot() == state
    assert second[-1] == (
        "1 expired, 1 expiring within 60 days; "
        "no new listings to flag: nothing changed (2 already flagged)."
    )


@FROZEN
def test_a_licence_expiring_later_is_flagged_on_the_day_after_it_expires():
    credential = licence(2)
    assert "no new listings to flag" in check_expiries()[-1]
    with time_machine.travel(datetime.datetime(2025, 6, 5, 12), tick=False):
        assert "flagged 1 listing for review" in check_expiries()[-1]
    credential.therapist.refresh_from_db()
    assert credential.therapist.needs_review


@FROZEN
def test_days_option_and_quiet_output():
    licence(90)
    lines = check_expiries("--days", "90", "--verbosity", "0")
    assert lines == [
        "0 expired, 1 expiring within 90 days; no new listings to flag: nothing changed "
        "(0 already flagged)."
    ]
    with pytest.raises(CommandError):
        check_expiries("--days", "-1")


def test_flagging_runs_the_same_queries_for_few_or_many_listings():
    def flag(count):
        for _ in range(count):
            licence(-1)
        with CaptureQueriesContext(connection) as queries:
            new, _ = curation.flag_listings_without_licence()
        assert len(new) == count
        return len(queries)

    assert flag(1) == flag(20)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs manage.py against SQLite")
def test_the_command_exits_0_with_a_one_line_summary(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'expiries.sqlite3'}", "PATH": ""}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    for _ in range(2):
        result = subprocess.run(
            [*manage, "check_expiries"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            "0 expired, 0 expiring within 60 days; no new listings to flag: nothing changed "
            "(0 already flagged)."
        ]
