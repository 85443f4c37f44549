"""The curators' day: the checklist before publishing, verdicts from a listing's page, the page itself."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status, Verification
from ipt_finder.directory.curation import readiness
from ipt_finder.directory.curation import services as curation
from ipt_finder.directory.templatetags.curation import zone_in_words
from tests import factories
from tests.curation_helpers import FROZEN, TODAY, admin_url, messages_of, run_action
from tests.test_curation import ready

pytestmark = pytest.mark.django_db


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def no_contact(listing):
    listing.email = ""


def no_fee(listing):
    listing.fee = None


def stale(listing):
    listing.accepting_confirmed_on = days_ago(91)


def never_confirmed(listing):
    listing.accepting_confirmed_on = None


def lapsed_licence(listing):
    listing.credentials.update(expires_on=days_ago(1))


def unverified_licence(listing):
    listing.credentials.update(verification=Verification.UNVERIFIED)


def rejected_training(listing):
    listing.ipt_trainings.update(verification=Verification.REJECTED)


FAILURES = {
    "lapsed licence": (lapsed_licence, "A current verified licence"),
    "unverified licence": (unverified_licence, "A current verified licence"),
    "rejected training": (rejected_training, "Verified IPT training"),
    "no fee": (no_fee, "A fee, or a free or low-cost policy"),
    "no contact": (no_contact, "A way to get in touch"),
    "stale": (stale, "Availability confirmed in the last 90 days"),
    "never confirmed": (never_confirmed, "Availability confirmed in the last 90 days"),
}


def with_summary(listing):
    models.Therapist.objects.filter(pk=listing.pk).update(
        **{name: getattr(listing, name) for name in ("email", "fee", "accepting_confirmed_on")}
    )
    models.summary.refresh_summaries(models.Therapist.objects.filter(pk=listing.pk))
    return models.Therapist.objects.get(pk=listing.pk)


@FROZEN
def test_a_ready_listing_meets_every_point_in_python_and_in_sql():
    listing = ready(accepting_confirmed_on=days_ago(90))
    checklist = readiness.checklist(listing)
    assert [p.met for p in checklist.points] == [True] * 5
    assert str(checklist) == "ready to publish"
    assert models.Therapist.objects.filter(readiness.ready_q()).get() == listing


@FROZEN
@pytest.mark.parametrize("spoil, label", FAILURES.values(), ids=FAILURES.keys())
def test_each_point_fails_on_its_own_in_python_and_in_sql(spoil, label):
    listing = ready()
    spoil(listing)
    listing = with_summary(listing)
    assert [p.label for p in readiness.unmet(listing)] == [label]
    assert not models.Therapist.objects.filter(readiness.ready_q()).exists()


@FROZEN
def test_a_free_or_low_cost_organisation_or_a_sliding_scale_counts_as_a_fee():
    free = ready(fee=None)
    free.organisations.add(factories.OrganisationFactory(cost_policy="free"))
    scale = ready(fee=None, sliding_scale=True, sliding_scale_min_fee=20)
    free.refresh_from_db()
    for listing, detail in [
        (free, "works in a free or low-cost organisation"),
        (scale, "sliding scale from $20"),
    ]:
        (point,) = [p for p in readiness.checklist(listing).points if p.label.startswith("A fee")]
        assert (point.met, point.detail) == (True, detail)
    assert models.Therapist.objects.filter(readiness.ready_q()).count() == 2


# Publishing through the checklist


def test_a_listing_that_is_not_ready_is_not_published_without_an_override(curator_client):
    listing = factories.TherapistFactory(status=Status.PENDING)

    page, response = run_action(
        curator_client, models.Therapist, "publish", [listing], reason="Looks fine."
    )

    assert response.status_code == 200
    assert response.context["form"].errors["override"] == [
        "Nothing selected is ready: publish anyway with a reason, or go back."
    ]
    listing.refresh_from_db()
    assert listing.status == Status.PENDING
    assert not models.StatusChange.objects.exists()


@pytest.mark.parametrize(
    "fields, field, error",
    [
        ({"override": "on"}, "override_reason", "Say why they should be published anyway."),
        ({"override_reason": "Board is down"}, "override", "Tick this to publish anyway"),
    ],
)
def test_an_override_needs_both_the_tick_and_a_reason(curator_client, fields, field, error):
    listing = factories.TherapistFactory(status=Status.PENDING)
    _, response = run_action(
        curator_client, models.Therapist, "publish", [listing], reason="Looks fine.", **fields
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(error)
    listing.refresh_from_db()
    assert listing.status == Status.PENDING


def test_an_override_publishes_and_is_recorded_with_the_points_not_met(curator_client, curator):
    listing = factories.TherapistFactory(status=Status.PENDING, email="a@example.org")
    factories.CredentialFactory(therapist=listing, verified=True)

    _, response = run_action(
        curator_client,
        models.Therapist,
        "publish",
        [listing],
        reason="Licence checked.",
        override="on",
        override_reason="ISIPT confirmed the certificate by phone.",
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    change = listing.status_changes.get()
    assert change.changed_by == curator
    assert change.reason == (
        "Licence checked.\nOverride, published without: verified IPT training. "
        "Why: ISIPT confirmed the certificate by phone."
    )
    page = curator_client.get(admin_url(models.Therapist, "change", listing.pk))
    assert "Override, published without: verified IPT training." in page.text


def test_without_an_override_only_the_ready_listings_are_published(curator_client):
    listing = ready(status=Status.PENDING)
    unready = factories.TherapistFactory(name="Cy Unready", status=Status.PENDING)

    _, response = run_action(
        curator_client, models.Therapist, "publish", [listing, unready], reason="Checked."
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    unready.refresh_from_db()
    assert (listing.status, unready.status) == (Status.PUBLISHED, Status.PENDING)
    messages = messages_of(curator_client.get(response.url))
    assert "1 listing published." in messages
    assert (
        "Not published: Cy Unready (not ready: a current verified licence; "
        "verified IPT training; a way to get in touch)." in messages
    )


def test_the_checklist_is_read_again_when_publishing():
    # A point the confirmation page showed as met may have lapsed by the time of publishing.
    listing = ready(status=Status.PENDING)
    listing.credentials.update(verification=Verification.REJECTED)
    models.summary.refresh_summaries(models.Therapist.objects.filter(pk=listing.pk))

    result = curation.publish(models.Therapist.objects.filter(pk=listing.pk), None, "Checked.")

    assert result.published == []
    assert [p.label for p in result.unready[listing]] == ["A current verified licence"]


def test_the_change_page_shows_the_checklist(curator_client):
    listing = factories.TherapistFactory(status=Status.PENDING, email="a@example.org")
    page = curator_client.get(admin_url(models.Therapist, "change", listing.pk))
    assert "Ready to publish? Not yet" in page.text
    assert "<strong>Not met:</strong> Verified IPT training" in page.text
    assert '<strong>Met:</strong> A way to get in touch <span class="point-detail">' in page.text
    assert page.text.index('id="readiness"') < page.text.index('id="credentials-group"')


def test_accepting_a_new_listing_that_is_not_ready_says_why(curator_client):
    submission = factories.SubmissionFactory(kind="new", therapist__status=Status.PENDING)

    _, response = run_action(
        curator_client, models.Submission, "accept_submissions", [submission], note="OK"
    )

    messages = messages_of(curator_client.get(response.url))
    assert messages[0].startswith(f"Not accepted: {submission}: the listing is not ready")
    submission.refresh_from_db()
    assert (submission.status, submission.therapist.status) == ("pending", Status.PENDING)


# Verdicts from the listing's own page


def test_each_record_on_the_listing_page_links_to_its_verdicts_and_its_lookup(curator_client):
    credential = factories.CredentialFactory(issuer__lookup_url="https://board.example/lookup")
    training = factories.IPTTrainingFactory(therapist=credential.therapist)
    page = curator_client.get(admin_url(models.Therapist, "change", credential.therapist_id))
    for model, record in [(models.Credential, credential), (models.IPTTraining, training)]:
        for verdict in ("verify", "reject"):
            assert admin_url(model, "verdict", record.pk, verdict) in page.text
    assert (
        '<a href="https://board.example/lookup" target="_blank" rel="noopener noreferrer">'
        in page.text
    )


@FROZEN
def test_a_verdict_from_the_listing_page_returns_there(curator_client, curator):
    credential = factories.CredentialFactory(issuer__lookup_url="https://board.example/lookup")
    url = admin_url(models.Credential, "verdict", credential.pk, "verify")

    page = curator_client.get(url)
    response = curator_client.post(
        url, {"confirm": "yes", "source": page.context["form"]["source"].value()}
    )

    assert page.context["form"]["source"].value() == "https://board.example/lookup"
    assert response.status_code == 302
    assert response.url == admin_url(models.Therapist, "change", credential.therapist_id)
    credential.refresh_from_db()
    assert (credential.verification, credential.verified_by) == (Verification.VERIFIED, curator)
    assert credential.verification_source == "https://board.example/lookup"


def test_rejecting_from_the_listing_page_is_red_and_verifying_is_not(curator_client):
    training = factories.IPTTrainingFactory(verified=True)
    reject = curator_client.get(admin_url(models.IPTTraining, "verdict", training.pk, "reject"))
    verify = curator_client.get(admin_url(models.IPTTraining, "verdict", training.pk, "verify"))
    assert "delete-confirmation" in reject.text
    assert "delete-confirmation" not in verify.text and "action-confirmation" in verify.text
    curator_client.post(
        admin_url(models.IPTTraining, "verdict", training.pk, "reject"),
        {"confirm": "yes", "source": "ISIPT: no such certificate"},
    )
    training.refresh_from_db()
    assert training.verification == Verification.REJECTED


def test_an_unknown_verdict_is_not_found(curator_client):
    credential = factories.CredentialFactory()
    assert (
        curator_client.get(
            admin_url(models.Credential, "verdict", credential.pk, "approve")
        ).status_code
        == 404
    )


def test_staff_who_may_not_verify_see_no_verdict_links_and_are_refused(client):
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "view_therapist",
                "change_therapist",
                "view_credential",
                "change_credential",
            ]
        )
    )
    client.force_login(user)
    credential = factories.CredentialFactory()
    verdict = admin_url(models.Credential, "verdict", credential.pk, "verify")

    page = client.get(admin_url(models.Therapist, "change", credential.therapist_id))

    assert page.status_code == 200
    assert verdict not in page.text
    assert client.get(verdict).status_code == 403
    assert client.post(verdict, {"confirm": "yes", "source": "x"}).status_code == 403
    credential.refresh_from_db()
    assert credential.verification == Verification.UNVERIFIED


# The page itself


def test_the_change_page_is_grouped_with_the_rarely_edited_parts_closed(curator_client):
    listing = factories.TherapistFactory()
    page = curator_client.get(admin_url(models.Therapist, "change", listing.pk))
    closed = {f.name for f in page.context["adminform"] if f.is_collapsible}
    assert closed == {
        "Approach and track record",
        "Clinical fit",
        "Compatibility",
        "Culture and identity",
        "Where and when",
        "Fees",
        "Contact",
    }
    inlines = {
        i.opts.verbose_name_plural: i.is_collapsible for i in page.context["inline_admin_formsets"]
    }
    assert inlines["credentials"] is False and inlines["IPT trainings"] is False


def test_a_fieldset_with_an_error_opens(admin_client):
    from tests.test_admin import post_data

    listing = factories.TherapistFactory()
    url = admin_url(models.Therapist, "change", listing.pk)
    data = post_data(admin_client.get(url))
    data["fee"] = "-5"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    fees = [f for f in response.context["adminform"] if f.name == "Fees"]
    assert not fees[0].is_collapsible


@pytest.mark.parametrize(
    "action, red",
    [("publish", False), ("confirm_accepting", False), ("clear_review_flag", False),
     ("suspend", True)],
)  # fmt: skip
def test_only_destructive_actions_are_red(curator_client, action, red):
    listing = factories.TherapistFactory(needs_review=True)
    page = curator_client.post(
        admin_url(models.Therapist), {"action": action, "_selected_action": [listing.pk]}
    )
    assert ("delete-confirmation" in page.text) is red


def test_reports_and_submissions_confirmations_are_not_red_except_rejecting(curator_client):
    report = factories.ReportFactory()
    submission = factories.SubmissionFactory()
    for model, action, obj, red in [
        (models.Report, "resolve_reports", report, False),
        (models.Report, "dismiss_reports", report, False),
        (models.Submission, "accept_submissions", submission, False),
        (models.Submission, "reject_submissions", submission, True),
    ]:
        page = curator_client.post(
            admin_url(model), {"action": action, "_selected_action": [obj.pk]}
        )
        assert ("delete-confirmation" in page.text) is red, action


@pytest.mark.parametrize(
    "zone, words",
    [
        ("America/New_York", "Eastern Time (New York)"),
        ("America/Los_Angeles", "Pacific Time (Los Angeles)"),
        ("America/Phoenix", "Mountain Time, no daylight saving (Phoenix)"),
        ("Europe/London", "London time"),
        ("UTC", "Coordinated Universal Time (UTC)"),
    ],
)
def test_time_zones_are_named_in_words(zone, words):
    assert zone_in_words(zone) == words


def test_admin_pages_name_the_time_zone_for_the_date_notes(curator_client):
    page = curator_client.get(admin_url(models.Therapist, "add"))
    assert 'data-timezone="Eastern Time (New York)"' in page.text
    assert reverse("admin:index") and "js/admin-timezone.js" in page.text


# Atomic: the change and its log entry together, or neither


@pytest.mark.parametrize(
    "act",
    [
        lambda listings, user: curation.confirm_accepting(listings, user),
        lambda listings, user: curation.clear_review_flags(listings, user, "Checked."),
    ],
    ids=["confirm_accepting", "clear_review_flags"],
)
def test_a_listing_action_that_fails_to_log_changes_nothing(curator, act):
    listing = factories.TherapistFactory(
        needs_review=True, accepting_confirmed_on=datetime.date(2020, 1, 1)
    )
    with mock.patch.object(curation, "log", side_effect=RuntimeError), pytest.raises(RuntimeError):
        act(models.Therapist.objects.filter(pk=listing.pk), curator)
    listing.refresh_from_db()
    assert (listing.needs_review, listing.accepting_confirmed_on) == (
        True,
        datetime.date(2020, 1, 1),
    )


def test_closing_reports_that_fails_to_log_changes_nothing(curator):
    report = factories.ReportFactory()
    with mock.patch.object(curation, "log", side_effect=RuntimeError), pytest.raises(RuntimeError):
        curation.close_reports(models.Report.objects.all(), "resolved", curator, "Done.")
    report.refresh_from_db()
    assert (report.status, report.curator_note) == ("open", "")


def test_closing_a_report_keeps_its_earlier_note(curator):
    report = factories.ReportFactory(curator_note="Left a voicemail.")
    curation.close_reports(models.Report.objects.all(), "resolved", curator, "They called back.")
    report.refresh_from_db()
    assert report.curator_note == "Left a voicemail.\n\nThey called back."
