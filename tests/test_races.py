"""Two curators acting at once, each on their own database connection.

Each test forces one interleaving: the first curator's transaction does its
work and stays open until the second curator's is waiting on a row lock the
first holds (or has finished without waiting, which is the bug these guard
against); then the first commits and the second goes on.
"""

import threading
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status
from ipt_finder.directory.curation import imports, slugs
from ipt_finder.directory.curation import services as curation
from tests import factories
from tests.curation_helpers import admin_url, messages_of
from tests.test_curation import ready

pytestmark = [
    # A flush empties the tables: the curation helpers make the Curator group again.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for a write, so two curators' transactions "
        "cannot interleave there; row locks need PostgreSQL",
    ),
]

TIMEOUT = 15


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(first, second):
    """Run `first` and then `second`, as above; returns their results (or exceptions).

    Also returns whether the second was seen waiting for the first's lock.
    """
    results = {}
    first_done, release = threading.Event(), threading.Event()

    def run(name, work, hold):
        try:
            with transaction.atomic():
                results[name] = work()
                if hold:
                    first_done.set()
                    assert release.wait(TIMEOUT), "the test never let the first commit"
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[name] = error
        finally:
            first_done.set()
            connection.close()

    one = threading.Thread(target=run, args=("first", first, True))
    one.start()
    assert first_done.wait(TIMEOUT)
    two = threading.Thread(target=run, args=("second", second, False))
    two.start()
    deadline = time.monotonic() + TIMEOUT
    waited = False
    while two.is_alive() and time.monotonic() < deadline:
        if waiting_on_a_lock():
            waited = True
            break
        time.sleep(0.02)
    release.set()
    one.join(TIMEOUT)
    two.join(TIMEOUT)
    assert not one.is_alive() and not two.is_alive(), "a curator's transaction hung"
    return results["first"], results["second"], waited


@pytest.fixture
def curators():
    return factories.UserFactory(username="ana"), factories.UserFactory(username="bo")


# Submissions


def test_a_rejection_made_while_another_curator_accepts_is_refused(curators):
    ana, bo = curators
    submission = factories.SubmissionFactory(kind="new", therapist=ready(status=Status.PENDING))

    accepted, rejected, waited = race(
        lambda: curation.accept_submission(submission, ana, "Checked the board."),
        lambda: curation.reject_submission(submission, bo, "Looks like spam."),
    )

    assert waited
    assert not isinstance(accepted, Exception), accepted
    assert isinstance(rejected, curation.SubmissionInvalid)
    assert str(rejected) == "already accepted by ana"
    submission.refresh_from_db()
    listing = models.Therapist.objects.get(pk=submission.therapist_id)
    assert (submission.status, submission.handled_by, listing.status) == (
        "accepted",
        ana,
        Status.PUBLISHED,
    )
    assert [c.to_status for c in listing.status_changes.all()] == [Status.PUBLISHED]


def test_an_acceptance_made_while_another_curator_rejects_is_refused(curators):
    ana, bo = curators
    submission = factories.SubmissionFactory(kind="new", therapist=ready(status=Status.PENDING))

    rejected, accepted, waited = race(
        lambda: curation.reject_submission(submission, bo, "Looks like spam."),
        lambda: curation.accept_submission(submission, ana, "Checked the board."),
    )

    assert waited
    assert not isinstance(rejected, Exception), rejected
    assert str(accepted) == "already rejected by bo"
    submission.refresh_from_db()
    listing = models.Therapist.objects.get(pk=submission.therapist_id)
    assert (submission.status, listing.status) == ("rejected", Status.DRAFT)


def test_publishing_the_listing_while_its_submission_is_rejected_does_not_deadlock(curators):
    ana, bo = curators
    submission = factories.SubmissionFactory(kind="new", therapist=ready(status=Status.PENDING))
    listing = models.Therapist.objects.filter(pk=submission.therapist_id)

    published, rejected, waited = race(
        lambda: curation.publish(listing, ana, "Checked the board."),
        lambda: curation.reject_submission(submission, bo, "Looks like spam."),
    )

    assert waited
    assert [t.pk for t in published.published] == [submission.therapist_id]
    assert str(rejected) == "already accepted by ana"
    submission.refresh_from_db()
    assert (submission.status, listing.get().status) == ("accepted", Status.PUBLISHED)


def test_the_losing_curator_gets_a_message_in_the_admin_not_an_error(admin_user, client):
    submission = factories.SubmissionFactory(kind="new", therapist=ready(status=Status.PENDING))
    ana = factories.UserFactory(username="ana")
    client.force_login(admin_user)

    def reject_in_the_admin():
        response = client.post(
            admin_url(models.Submission),
            {
                "action": "reject_submissions",
                "_selected_action": [submission.pk],
                "confirm": "yes",
                "note": "Looks like spam.",
            },
        )
        return response, messages_of(client.get(response.url))

    _, (response, messages), waited = race(
        lambda: curation.accept_submission(submission, ana, "Checked the board."),
        reject_in_the_admin,
    )

    assert waited
    assert response.status_code == 302
    assert f"Not rejected: {submission}: already accepted by ana" in messages
    assert "Rejected 0 submissions." in messages
    submission.refresh_from_db()
    assert submission.status == "accepted"


# Reports, review flags


def test_a_report_closed_by_another_curator_meanwhile_is_left_as_they_closed_it(curators):
    ana, bo = curators
    report = factories.ReportFactory()
    reports = models.Report.objects.filter(pk=report.pk)

    first, second, waited = race(
        lambda: curation.close_reports(reports, "resolved", ana, "Updated the fee."),
        lambda: curation.close_reports(reports, "dismissed", bo, "Nothing wrong."),
    )

    assert waited
    assert (first, second) == (1, 0)
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.curator_note) == (
        "resolved",
        ana,
        "Updated the fee.",
    )
    assert LogEntry.objects.filter(object_id=str(report.pk)).count() == 1


def test_closing_a_report_keeps_the_note_another_curator_just_wrote(curators):
    _, bo = curators
    report = factories.ReportFactory()

    def write_note():
        # What saving the report's change form does.
        locked = models.Report.objects.select_for_update().get(pk=report.pk)
        locked.curator_note = "Phoned the practice: the waitlist is closed."
        locked.save(update_fields=["curator_note"])

    _, closed, waited = race(
        write_note,
        lambda: curation.close_reports(
            models.Report.objects.filter(pk=report.pk), "resolved", bo, "Marked not accepting."
        ),
    )

    assert waited
    assert closed == 1
    report.refresh_from_db()
    assert report.curator_note == (
        "Phoned the practice: the waitlist is closed.\n\nMarked not accepting."
    )


def test_a_review_flag_is_cleared_once_when_two_curators_clear_it(curators):
    ana, bo = curators
    flagged = factories.TherapistFactory(needs_review=True, review_reason="No licence")
    listing = models.Therapist.objects.filter(pk=flagged.pk)

    first, second, waited = race(
        lambda: curation.clear_review_flags(listing, ana, "Renewal verified."),
        lambda: curation.clear_review_flags(listing, bo, "Renewal verified."),
    )

    assert waited
    assert (first, second) == (1, 0)
    assert [e.user for e in LogEntry.objects.filter(object_id=str(flagged.pk))] == [ana]


def test_confirming_accepting_waits_for_the_other_curators_confirmation(curators):
    ana, bo = curators
    listing = models.Therapist.objects.filter(pk=factories.TherapistFactory().pk)

    first, second, waited = race(
        lambda: curation.confirm_accepting(listing, ana),
        lambda: curation.confirm_accepting(listing, bo),
    )

    assert waited
    assert (first, second) == (1, 1)
    assert LogEntry.objects.count() == 2


# Slugs


def test_two_listings_of_the_same_name_saved_at_once_get_their_own_slugs():
    first, second, waited = race(
        lambda: slugs.save_new_listing(factories.TherapistFactory.build(name="Maya Chen")),
        lambda: slugs.save_new_listing(factories.TherapistFactory.build(name="Maya Chen")),
    )

    assert waited
    assert (first.slug, second.slug) == ("maya-chen", "maya-chen-2")
    assert models.Therapist.objects.filter(name="Maya Chen").count() == 2


def test_a_slug_asked_for_and_taken_meanwhile_is_a_clear_error():
    def asked_for():
        return slugs.save_new_listing(
            factories.TherapistFactory.build(name="Maya Chen", slug="maya"), keep_slug=True
        )

    first, second, waited = race(asked_for, asked_for)

    assert waited
    assert first.slug == "maya"
    assert isinstance(second, slugs.SlugTaken)
    assert str(second) == "Another listing now has the slug “maya”."


def test_an_import_whose_slug_is_taken_after_its_dry_run_takes_the_next(curators):
    ana, _ = curators
    plan = imports.plan_import("name,profession,licence_type\nMaya Chen,social_worker,lcsw\n")
    assert plan.ok

    _, created, waited = race(
        lambda: factories.TherapistFactory(name="Maya Chen", slug="maya-chen"),
        lambda: imports.run_import(plan, ana, "listings.csv"),
    )

    assert waited
    assert [t.slug for t in created] == ["maya-chen-2"]
