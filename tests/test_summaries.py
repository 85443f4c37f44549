"""The listing summary columns stay true on every write path.

The expected values are worked out here in plain Python from each listing's rows,
independently of the SQL that maintains them.
"""

import datetime
import random
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.utils import timezone

from ipt_finder.directory import models
from ipt_finder.directory.choices import (
    LEVELS,
    CostPolicy,
    CredentialKind,
    IPTLevel,
    Verification,
    Wheelchair,
)
from ipt_finder.directory.models.signals import install_triggers, uninstall_triggers
from tests import factories
from tests.test_admin import admin_url, post_data

TODAY = datetime.date(2026, 6, 1)
NEVER = datetime.date.max  # "does not expire"
FIELDS = [
    "licence_verified_until",
    "ipt_rung",
    "verified_introductory_until",
    "verified_certified_until",
    "verified_supervisor_until",
    "verified_trainer_until",
    "wheelchair_access",
    "free_or_low_cost",
]
UNTIL_RUNG = {
    "verified_introductory_until": 1,
    "verified_certified_until": 2,
    "verified_supervisor_until": 3,
    "verified_trainer_until": 4,
}
FREE = {CostPolicy.FREE, CostPolicy.LOW_COST}
Membership = models.Therapist.organisations.through
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
)


def rung(training):
    return int(LEVELS[training.level][1])


def latest_verified(rows):
    dates = [r.expires_on or NEVER for r in rows if r.verification == Verification.VERIFIED]
    return max(dates, default=None)


def expected(therapist):
    """A listing's summary, from its prefetched rows."""
    trainings = list(therapist.ipt_trainings.all())
    claimed = [rung(t) for t in trainings if t.verification != Verification.REJECTED]
    return {
        "licence_verified_until": latest_verified(
            c for c in therapist.credentials.all() if c.kind == CredentialKind.LICENCE
        ),
        "ipt_rung": max(claimed, default=None),
        **{
            field: latest_verified(t for t in trainings if rung(t) >= minimum)
            for field, minimum in UNTIL_RUNG.items()
        },
        "wheelchair_access": any(
            location.wheelchair == Wheelchair.YES for location in therapist.locations.all()
        ),
        "free_or_low_cost": any(o.cost_policy in FREE for o in therapist.organisations.all()),
    }


def assert_summaries_true(therapists=None):
    """Every listing's stored summary equals the one its rows give. Returns them by id."""
    therapists = (therapists or models.Therapist.objects.all()).prefetch_related(
        "credentials", "ipt_trainings", "locations", "organisations"
    )
    summaries = {}
    wrong = {}
    for therapist in therapists:
        summaries[therapist.pk] = {name: getattr(therapist, name) for name in FIELDS}
        if summaries[therapist.pk] != expected(therapist):
            wrong[therapist.pk] = (summaries[therapist.pk], expected(therapist))
    assert wrong == {}
    return summaries


def summary(therapist):
    return assert_summaries_true(models.Therapist.objects.filter(pk=therapist.pk))[therapist.pk]


def verified(**fields):
    return {"verification": Verification.VERIFIED, "verified_at": timezone.now(), **fields}


@pytest.fixture
def pair(db):
    """Two listings: the first with a verified licence, a verified certified training, a
    step-free office and a free clinic; the second with none of them."""
    first, second = factories.TherapistFactory(), factories.TherapistFactory()
    factories.CredentialFactory(therapist=first, verified=True, expires_on=TODAY)
    factories.IPTTrainingFactory(therapist=first, verified=True, expires_on=None)
    factories.LocationFactory(
        therapist=first, wheelchair=Wheelchair.YES, wheelchair_confirmed_by="therapist"
    )
    first.organisations.add(factories.OrganisationFactory(cost_policy=CostPolicy.FREE))
    assert summary(first) == {
        "licence_verified_until": TODAY,
        "ipt_rung": 2,
        "verified_introductory_until": NEVER,
        "verified_certified_until": NEVER,
        "verified_supervisor_until": None,
        "verified_trainer_until": None,
        "wheelchair_access": True,
        "free_or_low_cost": True,
    }
    assert summary(second) == {
        **dict.fromkeys(["licence_verified_until", "ipt_rung", *UNTIL_RUNG]),
        "wheelchair_access": False,
        "free_or_low_cost": False,
    }
    return first, second


ROWS = {
    models.Credential: "licence_verified_until",
    models.IPTTraining: "ipt_rung",
    models.Location: "wheelchair_access",
}


@pytest.mark.parametrize("model", ROWS)
def test_moving_a_row_to_another_listing_in_the_admin_updates_both(admin_client, pair, model):
    first, second = pair
    row = model.objects.get(therapist=first)
    data = post_data(admin_client.get(admin_url(model, "change", row.pk)))
    data["therapist"] = str(second.pk)
    response = admin_client.post(admin_url(model, "change", row.pk), data)
    assert response.status_code == 302
    field = ROWS[model]
    assert not summary(first)[field]
    assert summary(second)[field]


@pytest.mark.parametrize("model", ROWS)
def test_moving_rows_with_a_queryset_update_updates_both(pair, model):
    first, second = pair
    model.objects.filter(therapist=first).update(therapist=second)
    assert not summary(first)[ROWS[model]]
    assert summary(second)[ROWS[model]]


@pytest.mark.django_db
def test_queryset_updates_of_credentials_and_trainings():
    first = factories.TherapistFactory()
    factories.CredentialFactory(therapist=first, expires_on=TODAY)
    factories.IPTTrainingFactory(therapist=first, level=IPTLevel.ISIPT_TRAINER)
    assert summary(first)["licence_verified_until"] is None
    models.Credential.objects.update(**verified())
    assert summary(first)["licence_verified_until"] == TODAY
    models.Credential.objects.update(expires_on=TODAY + datetime.timedelta(days=9))
    assert summary(first)["licence_verified_until"] == TODAY + datetime.timedelta(days=9)
    models.Credential.objects.update(kind=CredentialKind.DEGREE)
    assert summary(first)["licence_verified_until"] is None
    models.IPTTraining.objects.update(**verified(expires_on=TODAY))
    assert summary(first)["verified_trainer_until"] == TODAY
    models.IPTTraining.objects.update(level=IPTLevel.INSTITUTE_A)
    assert summary(first)["ipt_rung"] == 1
    assert summary(first)["verified_certified_until"] is None
    models.IPTTraining.objects.update(verification=Verification.REJECTED)
    assert summary(first)["ipt_rung"] is None


def test_queryset_updates_of_locations_and_organisations(pair):
    first, _ = pair
    models.Location.objects.update(wheelchair=Wheelchair.NO)
    assert summary(first)["wheelchair_access"] is False
    models.Organisation.objects.update(cost_policy=CostPolicy.STANDARD)
    assert summary(first)["free_or_low_cost"] is False
    models.Organisation.objects.update(cost_policy=CostPolicy.LOW_COST)
    assert summary(first)["free_or_low_cost"] is True


def test_bulk_create_of_each_kind_of_row(pair):
    _, second = pair
    issuer = factories.IssuingBodyFactory()
    models.Credential.objects.bulk_create(
        [models.Credential(therapist=second, title="LCSW", issuer=issuer, **verified())]
    )
    models.IPTTraining.objects.bulk_create(
        [models.IPTTraining(therapist=second, level=IPTLevel.INSTITUTE_D)]
    )
    models.Location.objects.bulk_create(
        [
            models.Location(
                therapist=second,
                city="Albany",
                state="NY",
                wheelchair=Wheelchair.YES,
                wheelchair_confirmed_by="curator",
            )
        ]
    )
    Membership.objects.bulk_create(
        [Membership(therapist=second, organisation=models.Organisation.objects.get())]
    )
    assert summary(second) == {
        "licence_verified_until": NEVER,
        "ipt_rung": 3,
        **dict.fromkeys(UNTIL_RUNG),
        "wheelchair_access": True,
        "free_or_low_cost": True,
    }


@pytest.mark.parametrize("model", ROWS)
def test_queryset_delete_of_rows(pair, model):
    first, _ = pair
    model.objects.filter(therapist=first).delete()
    assert not summary(first)[ROWS[model]]


def test_deleting_memberships_straight_from_the_table(pair):
    first, _ = pair
    Membership.objects.filter(therapist=first).delete()
    assert summary(first)["free_or_low_cost"] is False


def test_deleting_an_organisation(pair):
    first, _ = pair
    models.Organisation.objects.all().delete()
    assert summary(first)["free_or_low_cost"] is False


@pytest.mark.parametrize("change", ["remove", "clear", "reverse_remove", "reverse_clear"])
def test_memberships_changed_from_either_side(pair, change):
    first, second = pair
    organisation = first.organisations.get()
    second.organisations.add(organisation)
    assert summary(second)["free_or_low_cost"] is True
    match change:
        case "remove":
            first.organisations.remove(organisation)
        case "clear":
            first.organisations.clear()
        case "reverse_remove":
            organisation.therapists.remove(first)
        case "reverse_clear":
            organisation.therapists.clear()
    assert summary(first)["free_or_low_cost"] is False
    assert summary(second)["free_or_low_cost"] is (change != "reverse_clear")


def test_raw_sql_is_followed(pair):
    first, _ = pair
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {models.Credential._meta.db_table} SET verification = %s",
            [Verification.REJECTED],
        )
    assert summary(first)["licence_verified_until"] is None


def test_a_listing_saved_from_a_stale_copy_keeps_the_true_summary(pair):
    first, _ = pair
    stale = models.Therapist.objects.get(pk=first.pk)
    models.Credential.objects.filter(therapist=first).delete()
    stale.name = "Renamed"
    stale.save()
    assert stale.licence_verified_until == TODAY
    assert summary(first)["licence_verified_until"] is None


def test_a_wrong_value_cannot_be_written(pair):
    first, second = pair
    models.Therapist.objects.update(ipt_rung=4, wheelchair_access=False)
    assert summary(first)["ipt_rung"] == 2 and summary(first)["wheelchair_access"] is True
    assert summary(second)["ipt_rung"] is None


def test_deleting_a_listing_deletes_it_with_its_rows(pair):
    first, second = pair
    first.delete()
    assert list(models.Therapist.objects.values_list("pk", flat=True)) == [second.pk]
    assert_summaries_true()


class RandomWrites:
    """Writes of every kind the summaries depend on, picked at random."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.therapists = factories.TherapistFactory.create_batch(4)
        self.organisations = factories.OrganisationFactory.create_batch(3)
        self.issuer = factories.IssuingBodyFactory()

    def step(self):
        rng = self.rng
        therapist = rng.choice(self.therapists)
        rows = rng.choice([models.Credential, models.IPTTraining, models.Location]).objects
        status = rng.choice([{"verification": Verification.UNVERIFIED}, verified(), verified()])
        status["expires_on"] = rng.choice([None, TODAY, TODAY + datetime.timedelta(days=30)])
        match rng.randrange(11):
            case 0:
                models.Credential.objects.create(
                    therapist=therapist,
                    kind=rng.choice(CredentialKind.values),
                    title="Licence",
                    issuer=self.issuer,
                    **status,
                )
            case 1:
                models.IPTTraining.objects.create(
                    therapist=therapist, level=rng.choice(IPTLevel.values), **status
                )
            case 2:
                models.Location.objects.create(
                    therapist=therapist,
                    city="Albany",
                    state="NY",
                    wheelchair=rng.choice(Wheelchair.values),
                    wheelchair_confirmed_by="therapist",
                )
            case 3:
                therapist.organisations.add(rng.choice(self.organisations))
            case 4:
                therapist.organisations.remove(rng.choice(self.organisations))
            case 5:
                if ids := list(rows.values_list("pk", flat=True)):
                    rows.filter(pk=rng.choice(ids)).delete()
            case 6:
                rng.choice([models.Credential, models.IPTTraining]).objects.filter(
                    therapist=therapist
                ).update(**status)
            case 7:
                rows.filter(therapist=therapist).update(therapist=rng.choice(self.therapists))
            case 8:
                models.IPTTraining.objects.filter(therapist=therapist).update(
                    verification=Verification.REJECTED
                )
            case 9:
                models.Organisation.objects.filter(pk=rng.choice(self.organisations).pk).update(
                    cost_policy=rng.choice(CostPolicy.values)
                )
            case 10:
                Membership.objects.filter(therapist=therapist).delete()


@pytest.mark.django_db
def test_random_writes_keep_every_summary_true():
    writes = RandomWrites(seed=9)
    seen = {name: set() for name in FIELDS}
    for _ in range(150):
        writes.step()
        for values in assert_summaries_true().values():
            for name, value in values.items():
                seen[name].add(value)
    # The walk reached every kind of value, so the comparisons were not vacuous.
    assert seen["wheelchair_access"] == seen["free_or_low_cost"] == {True, False}
    assert seen["ipt_rung"] == {None, 1, 2, 3, 4}
    assert {None, NEVER, TODAY} <= seen["verified_certified_until"]


# refresh_summaries


def run(*args):
    out = StringIO()
    call_command("refresh_summaries", *args, verbosity=0, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_no_drift_after_load_demo():
    call_command("load_demo", verbosity=0, stdout=StringIO())
    summaries = assert_summaries_true()
    assert len(summaries) > 200
    assert any(s["free_or_low_cost"] for s in summaries.values())
    assert any(s["verified_trainer_until"] for s in summaries.values())
    assert "up to date" in run("--check")


@pytest.mark.django_db
def test_no_drift_after_generate_listings():
    call_command("generate_listings", "50", verbosity=0, stdout=StringIO())
    summaries = assert_summaries_true()
    assert len(summaries) == 50
    assert any(s["wheelchair_access"] for s in summaries.values())
    assert any(s["licence_verified_until"] for s in summaries.values())
    assert "up to date" in run("--check")


@pytest.mark.django_db
def test_check_reports_drift_and_a_refresh_repairs_it(pair):
    first, second = pair
    more = factories.TherapistFactory.create_batch(24)
    uninstall_triggers(connection)
    models.Therapist.objects.exclude(pk=second.pk).update(ipt_rung=4)
    drifted = sorted([first.pk, *(t.pk for t in more)])
    with pytest.raises(CommandError, match="25 listings' summaries have drifted"):
        run("--check", "--batch-size", "7")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("refresh_summaries", "--check", verbosity=0, stdout=out)
    listed = ", ".join(map(str, drifted[:20]))
    assert f"25 listings' summary columns differ from their rows: ids {listed} and 5 more." in (
        out.getvalue()
    )
    assert models.Therapist.objects.filter(ipt_rung=4).count() == 25  # --check changed nothing
    assert "25 listings' summary columns had drifted and were recomputed" in run(
        "--batch-size", "3"
    )
    assert_summaries_true()
    assert "up to date" in run("--check")


@pytest.mark.django_db
def test_refresh_summaries_rejects_a_bad_batch_size():
    with pytest.raises(CommandError, match="at least 1"):
        run("--batch-size", "0")


@pytest.mark.django_db
def test_triggers_are_put_back_after_a_migration_drops_them(pair):
    first, _ = pair
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER directory_summary ON {models.Therapist._meta.db_table}")
        else:  # as SQLite does when a migration rebuilds the table
            cursor.execute("DROP TRIGGER directory_summary")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    models.Credential.objects.filter(therapist=first).delete()
    assert summary(first)["licence_verified_until"] is None


@pytest.mark.django_db
def test_triggers_are_not_installed_where_the_migration_was_undone():
    uninstall_triggers(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    therapist = factories.TherapistFactory()
    factories.LocationFactory(
        therapist=therapist, wheelchair=Wheelchair.YES, wheelchair_confirmed_by="therapist"
    )
    assert models.Therapist.objects.get().wheelchair_access is False
    install_triggers(connection)  # as migrating forward again would
    assert "1 listings' summary columns had drifted" in run()


# Two writers at once (PostgreSQL): each in its own thread and connection.


def in_thread(work, started=None, release=None):
    """Run `work` in a transaction on a new connection; hold it open until `release`."""
    errors = []

    def target():
        try:
            with transaction.atomic():
                work()
                if started:
                    started.set()
                if release:
                    assert release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported to the test's thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, errors


def wait_until_blocked(seconds=3):
    """Wait until some backend waits for a lock (or `seconds` pass: the assertions decide)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def concurrently(first, second):
    """`first` writes and holds its transaction open; `second` starts and is left to block;
    then `first` commits, and `second` finishes."""
    started, release = threading.Event(), threading.Event()
    one, one_errors = in_thread(first, started, release)
    assert started.wait(10)
    two, two_errors = in_thread(second)
    blocked = wait_until_blocked()
    release.set()
    one.join(10)
    two.join(10)
    assert not one.is_alive() and not two.is_alive()
    assert one_errors == two_errors == []
    return blocked


@pytest.fixture
def writers(transactional_db):
    therapist = factories.TherapistFactory()
    issuer = factories.IssuingBodyFactory()
    organisation = factories.OrganisationFactory(cost_policy=CostPolicy.STANDARD)
    return therapist, issuer, organisation


@postgresql_only
def test_two_writers_adding_rows_to_one_listing(writers):
    therapist, issuer, _ = writers
    blocked = concurrently(
        lambda: models.Credential.objects.create(
            therapist=therapist, title="LCSW", issuer=issuer, expires_on=TODAY, **verified()
        ),
        lambda: models.IPTTraining.objects.create(
            therapist=therapist, level=IPTLevel.ISIPT_SUPERVISOR, **verified()
        ),
    )
    assert blocked
    assert summary(therapist)["ipt_rung"] == 3
    assert summary(therapist)["licence_verified_until"] == TODAY


@postgresql_only
def test_two_writers_changing_one_listings_credentials(writers):
    therapist, issuer, _ = writers
    old = models.Credential.objects.create(
        therapist=therapist, title="LCSW", issuer=issuer, expires_on=TODAY, **verified()
    )
    later = TODAY + datetime.timedelta(days=400)
    concurrently(
        lambda: models.Credential.objects.create(
            therapist=therapist, title="LCSW", issuer=issuer, expires_on=later, **verified()
        ),
        lambda: models.Credential.objects.filter(pk=old.pk).delete(),
    )
    assert summary(therapist)["licence_verified_until"] == later


@postgresql_only
@pytest.mark.parametrize("policy_first", [True, False])
def test_a_membership_and_a_cost_policy_change_at_once(writers, policy_first):
    therapist, _, organisation = writers
    join = lambda: therapist.organisations.add(organisation)  # noqa: E731
    free = lambda: models.Organisation.objects.filter(pk=organisation.pk).update(  # noqa: E731
        cost_policy=CostPolicy.FREE
    )
    blocked = concurrently(free, join) if policy_first else concurrently(join, free)
    assert blocked
    assert summary(therapist)["free_or_low_cost"] is True
