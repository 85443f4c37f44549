"""Lifecycle, verification, freshness and the reports and submissions queues in the admin."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status, Verification
from ipt_finder.directory.curation import services as curation
from tests import factories
from tests.curation_helpers import FROZEN, TODAY, admin_url, messages_of, run_action
from tests.test_admin import form_errors, post_data, tier_errors

pytestmark = pytest.mark.django_db

ALL_MOVES = [(s, t.name) for t in curation.TRANSITIONS for s in Status.values]
ALLOWED_MOVES = [
    (s, name) for s, name in ALL_MOVES if s in curation.TRANSITIONS_BY_NAME[name].sources
]
REFUSED_MOVES = [(s, name) for s, name in ALL_MOVES if (s, name) not in ALLOWED_MOVES]


def ready(**kwargs):
    """A listing that meets every point of the publishing checklist."""
    therapist = factories.TherapistFactory(email="listing@example.org", **kwargs)
    factories.CredentialFactory(therapist=therapist, verified=True)
    factories.IPTTrainingFactory(therapist=therapist, verified=True)
    therapist.refresh_from_db()
    return therapist


def in_search(client, therapist):
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200
    return therapist.pk in {t.pk for t in response.context["object_list"]}


def profile_status(client, therapist):
    return client.get(therapist.get_absolute_url()).status_code


# Lifecycle


def test_the_allowed_moves_are_the_documented_lifecycle():
    assert {
        (Status.DRAFT, Status.PENDING),
        (Status.PENDING, Status.DRAFT),
        (Status.PENDING, Status.PUBLISHED),
        (Status.PUBLISHED, Status.SUSPENDED),
        (Status.PUBLISHED, Status.PENDING),
        (Status.SUSPENDED, Status.PUBLISHED),
        (Status.SUSPENDED, Status.PENDING),
    } == curation.ALLOWED


@pytest.mark.parametrize("start, action", ALLOWED_MOVES)
def test_each_allowed_transition_is_recorded_with_who_when_and_why(
    curator_client, curator, start, action
):
    therapist = ready(status=start)
    target = curation.TRANSITIONS_BY_NAME[action].target
    before = timezone.now()

    page, response = run_action(
        curator_client, models.Therapist, action, [therapist], reason="Checked the board."
    )

    assert therapist.name in page.text and "Will change (1)" in page.text
    assert response.status_code == 302, form_errors(page)
    therapist.refresh_from_db()
    assert therapist.status == target
    change = therapist.status_changes.get()
    assert (change.from_status, change.to_status) == (start, target)
    assert change.changed_by == curator
    assert change.reason == "Checked the board."
    assert change.changed_at >= before
    entry = LogEntry.objects.get(object_id=str(therapist.pk))
    assert entry.user == curator
    assert "Checked the board." in entry.change_message
    assert Status(target).label in entry.change_message


@pytest.mark.parametrize("start, action", REFUSED_MOVES)
def test_a_transition_that_is_not_allowed_changes_nothing(curator_client, start, action):
    therapist = factories.TherapistFactory(status=start)

    page, response = run_action(
        curator_client, models.Therapist, action, [therapist], reason="Trying anyway."
    )

    assert "Left as they are (1)" in page.text
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.status == start
    assert not models.StatusChange.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_mixed_selection_moves_only_the_listings_that_may_move(curator_client):
    pending = ready(status=Status.PENDING)
    draft = factories.TherapistFactory(status=Status.DRAFT)

    _, response = run_action(
        curator_client, models.Therapist, "publish", [pending, draft], reason="Verified."
    )

    pending.refresh_from_db()
    draft.refresh_from_db()
    assert (pending.status, draft.status) == (Status.PUBLISHED, Status.DRAFT)
    follow = curator_client.get(response.url)
    assert any("1 listing published" in m for m in messages_of(follow))
    assert [m for m in messages_of(follow) if m.startswith("Not changed")] == [
        f"Not changed: {draft.name} (draft)."
    ]


def test_a_transition_needs_a_reason(curator_client):
    therapist = factories.TherapistFactory(status=Status.PENDING)

    _, response = run_action(curator_client, models.Therapist, "publish", [therapist], reason=" ")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    therapist.refresh_from_db()
    assert therapist.status == Status.PENDING


def test_status_cannot_be_edited_on_the_change_form(admin_client):
    therapist = factories.TherapistFactory(status=Status.PENDING)
    url = admin_url(models.Therapist, "change", therapist.pk)
    data = post_data(admin_client.get(url))
    data["status"] = Status.PUBLISHED

    response = admin_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    therapist.refresh_from_db()
    assert therapist.status == Status.PENDING


def test_the_change_page_offers_the_allowed_moves_and_shows_the_history(curator_client, curator):
    therapist = ready(status=Status.PENDING)
    url = admin_url(models.Therapist, "change", therapist.pk)
    page = curator_client.get(url)
    publish = reverse("admin:directory_therapist_transition", args=[therapist.pk, "publish"])
    assert publish in page.text
    assert reverse("admin:directory_therapist_transition", args=[therapist.pk, "suspend"]) not in (
        page.text
    )

    confirm_page = curator_client.get(publish)
    assert confirm_page.status_code == 200
    response = curator_client.post(publish, {"confirm": "yes", "reason": "Licence verified."})
    assert response.status_code == 302
    assert response.url == url

    page = curator_client.get(url)
    (history,) = [
        inline
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is models.StatusChange
    ]
    assert not history.has_add_permission and not history.has_delete_permission
    assert "Licence verified." in page.text
    assert reverse("admin:directory_therapist_transition", args=[therapist.pk, "suspend"]) in (
        page.text
    )


def test_unknown_transition_is_not_found(curator_client):
    therapist = factories.TherapistFactory()
    url = reverse("admin:directory_therapist_transition", args=[therapist.pk, "delete"])
    assert curator_client.get(url).status_code == 404


def test_publishing_and_suspending_change_what_the_public_sees_at_once(client, curator_client):
    therapist = ready(status=Status.PENDING)
    assert not in_search(client, therapist)
    assert profile_status(client, therapist) == 404

    run_action(curator_client, models.Therapist, "publish", [therapist], reason="Checked.")
    assert in_search(client, therapist)
    assert profile_status(client, therapist) == 200

    run_action(curator_client, models.Therapist, "suspend", [therapist], reason="Licence lapsed.")
    assert not in_search(client, therapist)
    assert profile_status(client, therapist) == 404
    assert not models.Therapist.objects.published().filter(pk=therapist.pk).exists()


@FROZEN
def test_publishing_records_the_review_and_settles_its_flag(curator_client):
    therapist = ready(
        status=Status.SUSPENDED,
        needs_review=True,
        review_reason="No current verified licence",
        flagged_on=TODAY,
        reviewed_on=None,
    )
    run_action(curator_client, models.Therapist, "publish", [therapist], reason="Renewed.")
    therapist.refresh_from_db()
    assert (therapist.reviewed_on, therapist.needs_review, therapist.review_reason) == (
        TODAY,
        False,
        "",
    )


def test_publish_confirmation_shows_each_listings_checklist(curator_client):
    unlicensed = factories.TherapistFactory(status=Status.PENDING)
    listing = ready(status=Status.PENDING)
    page, _ = run_action(curator_client, models.Therapist, "publish", [unlicensed, listing])
    notes = {t: str(note) for t, note in page.context["accepted"]}
    assert notes[unlicensed] == (
        "not ready: a current verified licence; verified IPT training; a way to get in touch"
    )
    assert notes[listing] == "ready to publish"
    assert page.text.count("Not met:") == 3
    assert "Publish the listings that are not ready anyway" in page.text


# Verification

VERIFIABLE = {
    "credential": factories.CredentialFactory,
    "ipt training": factories.IPTTrainingFactory,
    "cultural training": factories.CulturalTrainingFactory,
}


@FROZEN
@pytest.mark.parametrize("make", VERIFIABLE.values(), ids=VERIFIABLE.keys())
def test_verify_action_records_who_when_and_the_source(curator_client, curator, make):
    record = make()
    model = type(record)
    source = "https://example.org/board/lookup?number=123"

    page, response = run_action(curator_client, model, "verify_selected", [record], source=source)

    assert response.status_code == 302, form_errors(page)
    record.refresh_from_db()
    assert record.verification == Verification.VERIFIED
    assert record.verified_by == curator
    assert record.verified_at == timezone.now()
    assert record.verification_source == source
    assert record.is_verified()
    assert LogEntry.objects.get(object_id=str(record.pk)).change_message.endswith(source)


@pytest.mark.parametrize("make", VERIFIABLE.values(), ids=VERIFIABLE.keys())
def test_reject_action_records_who_and_the_source(curator_client, curator, make):
    record = make(verified=True) if make is not factories.CulturalTrainingFactory else make()
    model = type(record)

    run_action(curator_client, model, "reject_selected", [record], source="Board: no such number")

    record.refresh_from_db()
    assert record.verification == Verification.REJECTED
    assert (record.verified_by, record.verification_source) == (curator, "Board: no such number")
    assert not record.is_verified()


def test_a_verdict_needs_a_source(curator_client):
    credential = factories.CredentialFactory()
    _, response = run_action(
        curator_client, models.Credential, "verify_selected", [credential], source=""
    )
    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    credential.refresh_from_db()
    assert credential.verification == Verification.UNVERIFIED


def test_the_source_defaults_to_the_issuers_lookup_page(curator_client):
    credential = factories.CredentialFactory(issuer__lookup_url="https://board.example.org/find")
    page = curator_client.post(
        admin_url(models.Credential),
        {"action": "verify_selected", "_selected_action": [credential.pk]},
    )
    assert page.context["form"]["source"].value() == "https://board.example.org/find"


@FROZEN
def test_an_expired_credential_cannot_be_verified(curator_client):
    expired = factories.CredentialFactory(expires_on=TODAY - datetime.timedelta(days=1))
    current = factories.CredentialFactory()

    page, _ = run_action(
        curator_client, models.Credential, "verify_selected", [expired, current], source="Board"
    )

    assert [why for _, why in page.context["refused"]] == [
        "expired on June 1, 2025: record the renewal's expiry date first"
    ]
    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.verification, current.verification) == (
        Verification.UNVERIFIED,
        Verification.VERIFIED,
    )


def test_a_verdict_on_the_change_form_needs_a_source(admin_client):
    credential = factories.CredentialFactory()
    url = admin_url(models.Credential, "change", credential.pk)
    data = post_data(admin_client.get(url))
    data["verification"] = Verification.VERIFIED

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "verification_source" in response.context["adminform"].form.errors
    data["verification_source"] = "https://example.org/license-lookup"
    assert admin_client.post(url, data).status_code == 302


@FROZEN
def test_an_expired_credential_loses_its_badge_everywhere(client, admin_client):
    credential = factories.CredentialFactory(
        verified=True, expires_on=TODAY + datetime.timedelta(days=10)
    )
    therapist = credential.therapist
    profile = therapist.get_absolute_url()
    assert "Verified licence" in client.get(profile).text
    assert in_search(client, therapist)

    with time_machine.travel(datetime.datetime(2025, 6, 13, 12), tick=False):
        page = client.get(profile).text
        assert "Verified licence" not in page
        assert "Expired" in page
        filtered = client.get(reverse("directory:search"), {"verified_licence": "on"})
        assert therapist not in filtered.context["object_list"]
        admin_rows = admin_client.get(admin_url(models.Therapist)).context["cl"].result_list
        assert [t.has_verified_licence for t in admin_rows] == [False]


# Expiry dashboard


@FROZEN
def test_expiry_dashboard_lists_expired_and_expiring_within_60_days(curator_client):
    def credential(days, **kwargs):
        return factories.CredentialFactory(
            verified=True, expires_on=TODAY + datetime.timedelta(days=days), **kwargs
        )

    expired = credential(-3)
    soon = credential(59)
    edge = credential(60)
    later = credential(61)
    draft = credential(-3, therapist__status=Status.DRAFT)
    training = factories.IPTTrainingFactory(expires_on=TODAY + datetime.timedelta(days=5))
    unlicensed = factories.TherapistFactory(name="Unlicensed Listing")

    response = curator_client.get(reverse("admin:directory_credential_expiries"))

    assert response.status_code == 200
    sections = {s["title"]: {r.pk for r in s["rows"]} for s in response.context["sections"]}
    assert sections["Credentials already expired"] == {expired.pk}
    assert sections["Credentials expiring within 60 days"] == {soon.pk, edge.pk}
    assert later.pk not in set().union(*sections.values())
    assert draft.pk not in set().union(*sections.values())
    assert sections["IPT trainings expiring within 60 days"] == {training.pk}
    unlicensed_listed = {t.pk for t in response.context["unlicensed"]}
    assert unlicensed.pk in unlicensed_listed and expired.therapist_id in unlicensed_listed
    assert soon.therapist_id not in unlicensed_listed


def test_the_admin_index_links_to_the_curation_pages(curator_client):
    page = curator_client.get(reverse("admin:index")).text
    for url in [
        reverse("admin:directory_credential_expiries"),
        reverse("admin:directory_report_changelist") + "?status__exact=open",
        reverse("admin:directory_therapist_import"),
        reverse("admin:directory_submission_changelist"),
    ]:
        assert url in page


@FROZEN
def test_no_valid_licence_filter_lists_published_listings_only(curator_client):
    unlicensed = factories.TherapistFactory()
    factories.TherapistFactory(status=Status.PENDING)
    factories.CredentialFactory(verified=True)
    response = curator_client.get(admin_url(models.Therapist) + "?review=no_licence")
    assert [t.pk for t in response.context["cl"].result_list] == [unlicensed.pk]


# Freshness


@FROZEN
def test_public_profile_shows_stale_accepting_as_not_confirmed_recently(client):
    fresh = factories.TherapistFactory(accepting_confirmed_on=TODAY - datetime.timedelta(90))
    stale = factories.TherapistFactory(accepting_confirmed_on=TODAY - datetime.timedelta(91))
    never = factories.TherapistFactory(accepting_confirmed_on=None)

    assert fresh.accepting_is_fresh() and not stale.accepting_is_fresh()
    fresh_page = client.get(fresh.get_absolute_url()).text
    assert "Accepting new clients" in fresh_page
    assert "not confirmed recently" not in fresh_page
    for therapist in (stale, never):
        page = client.get(therapist.get_absolute_url()).text
        assert "Availability not confirmed recently" in page
        assert "Accepting new clients</span>" not in page
    search = client.get(reverse("directory:search")).text
    assert search.count("Availability not confirmed recently") == 2


@FROZEN
def test_stale_filter_lists_listings_not_confirmed_within_90_days(curator_client):
    factories.TherapistFactory(accepting_confirmed_on=TODAY - datetime.timedelta(90))
    stale = factories.TherapistFactory(
        accepting_confirmed_on=TODAY - datetime.timedelta(91), accepting="no"
    )
    never = factories.TherapistFactory(accepting_confirmed_on=None)
    response = curator_client.get(admin_url(models.Therapist) + "?freshness=stale")
    assert {t.pk for t in response.context["cl"].result_list} == {stale.pk, never.pk}


@FROZEN
def test_confirm_accepting_marks_listings_confirmed_today_after_checking(curator_client, curator):
    stale = factories.TherapistFactory(accepting_confirmed_on=TODAY - datetime.timedelta(200))

    _, unchecked = run_action(curator_client, models.Therapist, "confirm_accepting", [stale])
    assert unchecked.status_code == 200
    stale.refresh_from_db()
    assert stale.accepting_confirmed_on == TODAY - datetime.timedelta(200)

    _, response = run_action(
        curator_client, models.Therapist, "confirm_accepting", [stale], checked="on"
    )
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.accepting_confirmed_on == TODAY
    assert stale.accepting_is_fresh()
    assert LogEntry.objects.get(object_id=str(stale.pk)).user == curator


@FROZEN
def test_clearing_a_review_flag_records_the_review(curator_client):
    flagged = factories.TherapistFactory(
        needs_review=True, review_reason="No current verified licence", flagged_on=TODAY
    )
    _, response = run_action(
        curator_client, models.Therapist, "clear_review_flag", [flagged], note="Renewal verified."
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.needs_review, flagged.reviewed_on) == (False, TODAY)
    assert "Renewal verified." in LogEntry.objects.get().change_message


# Reports queue


def test_reports_are_grouped_by_listing_with_open_counts(curator_client):
    ana = factories.TherapistFactory(name="Ana Ruiz")
    zoe = factories.TherapistFactory(name="Zoe Park")
    first = factories.ReportFactory(therapist=zoe)
    second = factories.ReportFactory(therapist=ana)
    third = factories.ReportFactory(therapist=zoe)
    factories.ReportFactory(
        therapist=zoe, status="dismissed", handled_at=timezone.now(), message="Old"
    )

    response = curator_client.get(admin_url(models.Report) + "?status__exact=open")

    rows = response.context["cl"].result_list
    assert [r.pk for r in rows] == [second.pk, third.pk, first.pk]
    assert [r.open_on_listing for r in rows] == [1, 2, 2]
    listings = curator_client.get(admin_url(models.Therapist) + "?open_reports=yes")
    counts = {t.pk: t.open_report_count for t in listings.context["cl"].result_list}
    assert counts == {ana.pk: 1, zoe.pk: 2}


@pytest.mark.parametrize(
    "action, status", [("resolve_reports", "resolved"), ("dismiss_reports", "dismissed")]
)
def test_resolve_and_dismiss_close_reports_with_a_note(curator_client, curator, action, status):
    report = factories.ReportFactory()
    closed = factories.ReportFactory(status="resolved", handled_at=timezone.now())

    page, _ = run_action(curator_client, models.Report, action, [report, closed], note="")
    _, response = run_action(
        curator_client, models.Report, action, [report, closed], note="Updated the listing."
    )

    assert "already closed" in page.text
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.curator_note) == (
        status,
        curator,
        "Updated the listing.",
    )
    assert report.handled_at is not None
    closed.refresh_from_db()
    assert closed.curator_note == ""


def test_a_reporters_contact_is_shown_to_curators_only(client, curator_client):
    therapist = factories.TherapistFactory()
    report = factories.ReportFactory(therapist=therapist, contact="reporter@example.net")

    assert (
        "reporter@example.net"
        in curator_client.get(admin_url(models.Report, "change", report.pk)).text
    )
    for url in [therapist.get_absolute_url(), reverse("directory:search"), "/"]:
        assert "reporter@example.net" not in client.get(url).text


# Therapists' submissions


def test_a_correction_is_compared_and_applied_only_when_accepted(curator_client, curator):
    therapist = factories.TherapistFactory(fee=150)
    credential = factories.CredentialFactory(
        therapist=therapist, verified=True, number="LCSW-1", expires_on=datetime.date(2025, 1, 1)
    )
    from ipt_finder.directory.submissions.forms import LISTING_FIELDS, ListingForm

    form = ListingForm(instance=therapist)
    listing = {name: form[name].value() for name in LISTING_FIELDS}
    listing["fee"] = "120"
    submission = factories.SubmissionFactory(
        therapist=therapist,
        data={
            "listing": {k: v for k, v in listing.items() if v is not None},
            "credentials": [
                {
                    "kind": "licence",
                    "title": credential.title,
                    "number": "LCSW-1",
                    "issuer": str(credential.issuer_id),
                    "jurisdiction": "NY",
                    "issued_on": "2015-06-01",
                    "expires_on": "2027-01-01",
                }
            ],
            "ipt_trainings": [],
        },
    )

    page = curator_client.get(admin_url(models.Submission, "change", submission.pk))
    assert "<th>Fee per session</th><td>150</td><td><strong>120</strong></td>" in page.text
    therapist.refresh_from_db()
    assert therapist.fee == 150

    _, response = run_action(
        curator_client, models.Submission, "accept_submissions", [submission], note="Phoned."
    )

    assert response.status_code == 302
    assert messages_of(curator_client.get(response.url)) == ["Accepted 1 submission."]
    therapist.refresh_from_db()
    submission.refresh_from_db()
    credential.refresh_from_db()
    assert therapist.fee == 120
    assert (submission.status, submission.handled_by) == ("accepted", curator)
    assert credential.expires_on == datetime.date(2027, 1, 1)
    # The therapist's new date has not been checked yet.
    assert credential.verification == Verification.UNVERIFIED


def test_accepting_a_new_listing_publishes_it_and_rejecting_returns_it_to_draft(curator_client):
    accepted = factories.SubmissionFactory(kind="new", therapist=ready(status=Status.PENDING))
    rejected = factories.SubmissionFactory(kind="new", therapist__status=Status.PENDING)

    run_action(curator_client, models.Submission, "accept_submissions", [accepted], note="OK")
    run_action(curator_client, models.Submission, "reject_submissions", [rejected], note="Spam")

    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.status, accepted.therapist.status) == ("accepted", Status.PUBLISHED)
    assert (rejected.status, rejected.therapist.status) == ("rejected", Status.DRAFT)
    assert rejected.therapist.status_changes.get().reason == "Submission rejected: Spam"


# Sliding-scale tiers edited together


@pytest.mark.parametrize("boundary", [20000, 40000], ids=["lower", "higher"])
def test_moving_a_boundary_between_two_tiers_in_one_save(admin_client, boundary):
    therapist = factories.TherapistFactory(sliding_scale=True, sliding_scale_min_fee=40)
    low = factories.SlidingScaleTierFactory(therapist=therapist, income_max=30000, fee=40)
    high = factories.SlidingScaleTierFactory(
        therapist=therapist, income_min=30000, income_max=None, fee=80
    )
    url = admin_url(models.Therapist, "change", therapist.pk)
    data = post_data(admin_client.get(url))
    prefix = "sliding_scale_tiers"
    rows = {data[f"{prefix}-{i}-id"]: i for i in range(2)}
    data[f"{prefix}-{rows[str(low.pk)]}-income_max"] = str(boundary)
    data[f"{prefix}-{rows[str(high.pk)]}-income_min"] = str(boundary)

    response = admin_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    if connection.vendor == "postgresql":
        # The test's transaction never commits; check the deferred constraint now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.income_max, high.income_min) == (boundary, boundary)


def test_tiers_edited_into_an_overlap_are_still_refused(admin_client):
    therapist = factories.TherapistFactory(sliding_scale=True, sliding_scale_min_fee=40)
    low = factories.SlidingScaleTierFactory(therapist=therapist, income_max=30000, fee=40)
    factories.SlidingScaleTierFactory(
        therapist=therapist, income_min=30000, income_max=None, fee=80
    )
    url = admin_url(models.Therapist, "change", therapist.pk)
    page = admin_client.get(url)
    data = post_data(page)
    index = [data[f"sliding_scale_tiers-{i}-id"] for i in range(2)].index(str(low.pk))
    data[f"sliding_scale_tiers-{index}-income_max"] = "35000"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert any("overlaps" in str(e) for e in tier_errors(response))
    low.refresh_from_db()
    assert low.income_max == 30000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own constraint")
def test_the_database_still_refuses_overlapping_tiers_at_commit():
    from django.db import IntegrityError

    tier = factories.SlidingScaleTierFactory(income_max=30000)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SlidingScaleTierFactory(therapist=tier.therapist, income_min=20000, fee=60)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_single_tier_form_still_checks_the_saved_tiers(admin_client):
    tier = factories.SlidingScaleTierFactory(income_max=30000)
    page = admin_client.get(admin_url(models.SlidingScaleTier, "add"))
    data = post_data(page)
    data.update(therapist=tier.therapist_id, income_min="10000", household_min="1", fee="60")
    response = admin_client.post(admin_url(models.SlidingScaleTier, "add"), data)
    assert response.status_code == 200
    assert "overlaps" in response.text
    assert models.SlidingScaleTier.objects.count() == 1
