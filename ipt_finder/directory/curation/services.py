"""What curators do to keep listings true: lifecycle, verification, expiry and freshness.

The admin's actions and the daily command call these; each change is recorded
in the listing's history (StatusChange) and in Django's admin log.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ipt_finder.directory.choices import CredentialKind, Status, Verification
from ipt_finder.directory.curation import readiness
from ipt_finder.directory.models import (
    Credential,
    IPTTraining,
    StatusChange,
    Submission,
    Therapist,
)
from ipt_finder.directory.models.reports import Report
from ipt_finder.directory.submissions.forms import CredentialForm, IPTTrainingForm, ListingForm

EXPIRY_WARNING_DAYS = 60
NO_LICENCE_REASON = "No current verified licence"


# Lifecycle


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    done: str

    def allows(self, status):
        return status in self.sources


TRANSITIONS = [
    Transition("submit_for_review", "Submit for review", frozenset({Status.DRAFT}),
               Status.PENDING, "submitted for review"),
    Transition("publish", "Publish", frozenset({Status.PENDING, Status.SUSPENDED}),
               Status.PUBLISHED, "published"),
    Transition("suspend", "Suspend", frozenset({Status.PUBLISHED}),
               Status.SUSPENDED, "suspended"),
    Transition("send_back_for_review", "Send back for review",
               frozenset({Status.PUBLISHED, Status.SUSPENDED}), Status.PENDING,
               "sent back for review"),
    Transition("return_to_draft", "Return to draft", frozenset({Status.PENDING}),
               Status.DRAFT, "returned to draft"),
]  # fmt: skip
TRANSITIONS_BY_NAME = {t.name: t for t in TRANSITIONS}
ALLOWED = {(source, t.target) for t in TRANSITIONS for source in t.sources}


def locked(queryset):
    """The rows of `queryset`, locked; a changelist's queryset may be DISTINCT, which can't be."""
    pks = list(queryset.values_list("pk", flat=True))
    return queryset.model.objects.select_for_update().filter(pk__in=pks).order_by("pk")


def log(user, queryset, message):
    """One admin log entry per object, written in one query."""
    if user is not None and user.pk is not None:
        LogEntry.objects.log_actions(user.pk, queryset, CHANGE, change_message=message)


@transaction.atomic
def change_status(therapists, transition, user, reason):
    """Move the listings that `transition` allows; returns (moved, refused) lists.

    Publishing this way skips the readiness checklist: curators publish through publish().
    """
    if isinstance(transition, str):
        transition = TRANSITIONS_BY_NAME[transition]
    reason = required(reason, "A status change needs a reason.")
    listings = list(locked(therapists))
    moved = [t for t in listings if transition.allows(t.status)]
    refused = [t for t in listings if not transition.allows(t.status)]
    move(moved, transition, user, {t.pk: reason for t in moved})
    return moved, refused


@dataclass
class Publication:
    published: list
    refused: list  # not pending or suspended
    unready: dict  # listing: the checklist points it fails, left as it is


@transaction.atomic
def publish(therapists, user, reason, override=""):
    """Publish the pending or suspended listings that pass the readiness checklist.

    A listing that fails a point is published only with `override`, the
    curator's reason for publishing it anyway; its history records both.
    The checklist is read from the locked rows, so it is the state at publishing.
    """
    transition = TRANSITIONS_BY_NAME["publish"]
    reason = required(reason, "A status change needs a reason.")
    override = override.strip()
    listings = list(locked(therapists))
    movable = [t for t in listings if transition.allows(t.status)]
    refused = [t for t in listings if t not in movable]
    unready = {t: points for t in movable if (points := readiness.unmet(t))}
    reasons = {t.pk: reason for t in movable if t not in unready}
    if override:
        for t, points in unready.items():
            missing = readiness.Checklist(points).unmet_text()
            reasons[t.pk] = f"{reason}\nOverride, published without: {missing}. Why: {override}"
        unready = {}
    published = [t for t in movable if t.pk in reasons]
    move(published, transition, user, reasons)
    return Publication(published, refused, unready)


def required(text, message):
    text = text.strip()
    if not text:
        raise ValueError(message)
    return text


def move(listings, transition, user, reasons):
    """Change the status of locked `listings`, with each one's reason in its history."""
    if not listings:
        return
    to_status = transition.target
    now = timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(
            therapist=t,
            from_status=t.status,
            to_status=to_status,
            changed_by=user,
            reason=reasons[t.pk],
        )
        for t in listings
    )
    updates = {"status": to_status, "updated_at": now}
    if to_status == Status.PUBLISHED:
        # Publishing is a review, and settles any flag raised before it.
        updates.update(
            reviewed_on=timezone.localdate(), needs_review=False, review_reason="", flagged_on=None
        )
    pks = [t.pk for t in listings]
    Therapist.objects.filter(pk__in=pks).update(**updates)
    if to_status == Status.PUBLISHED:
        Submission.objects.filter(
            therapist__in=pks, kind=Submission.Kind.NEW, status=Submission.Status.PENDING
        ).update(status=Submission.Status.ACCEPTED, handled_by=user, handled_at=now)
    label = Status(to_status).label
    groups = {}
    for t in listings:
        groups.setdefault((t.status, reasons[t.pk]), []).append(t.pk)
    for (from_status, reason), group in groups.items():
        log(
            user,
            Therapist.objects.filter(pk__in=group),
            f"Status: {Status(from_status).label} → {label}. Reason: {reason}",
        )
    for t in listings:
        t.status = to_status


def record_new_listing(therapist, reason, user=None):
    """History for a listing that starts life outside the draft state (import, submission)."""
    return StatusChange.objects.create(
        therapist=therapist, from_status="", to_status=therapist.status, changed_by=user,
        reason=reason,
    )  # fmt: skip


# Verification


@transaction.atomic
def verify(records, verdict, user, source):
    """Verify or reject credentials or trainings; returns (done, refused) lists.

    An expired record can't be verified: the badge would not show, and the
    curator should first record the renewal's expiry date.
    """
    source = source.strip()
    if verdict not in {Verification.VERIFIED, Verification.REJECTED}:
        raise ValueError(f"Not a verdict: {verdict}")
    if not source:
        raise ValueError("Say where it was checked.")
    rows = list(locked(records))
    refused = [r for r in rows if verdict == Verification.VERIFIED and r.is_expired()]
    done = [r for r in rows if r not in refused]
    if not done:
        return done, refused
    now = timezone.now()
    fields = ["verification", "verified_by", "verified_at", "verification_source", "updated_at"]
    for record in done:
        record.verification, record.verified_by, record.verified_at = verdict, user, now
        record.verification_source = source
        # save(), not update(): listeners such as the search summary must hear of it.
        record.save(update_fields=fields)
    done_qs = records.model.objects.filter(pk__in=[r.pk for r in done])
    log(user, done_qs, f"{Verification(verdict).label}. Source: {source}")
    return done, refused


# Expiry


def expired(model, on=None):
    """Records whose expiry date has passed, newest first."""
    on = on or timezone.localdate()
    return model.objects.filter(expires_on__lt=on).order_by("-expires_on", "pk")


def expiring(model, on=None, days=EXPIRY_WARNING_DAYS):
    """Records that expire from today up to `days` ahead, soonest first."""
    on = on or timezone.localdate()
    return model.objects.filter(
        expires_on__gte=on, expires_on__lte=on + datetime.timedelta(days=days)
    ).order_by("expires_on", "pk")


def without_valid_licence(queryset=None, on=None):
    """Published listings with no licence that is verified and unexpired on `on`."""
    queryset = Therapist.objects.all() if queryset is None else queryset
    return queryset.published().exclude(Therapist.objects.verified_licence_q(on))


def licence_problem(therapist, on=None):
    """Why a listing has no valid licence, in a curator's words."""
    on = on or timezone.localdate()
    licences = [c for c in therapist.credentials.all() if c.kind == CredentialKind.LICENCE]
    lapsed = sorted(
        (c for c in licences if c.verification == Verification.VERIFIED and c.is_expired(on)),
        key=lambda c: c.expires_on,
    )
    if lapsed:
        latest = lapsed[-1]
        return f"{NO_LICENCE_REASON}: {latest} expired on {latest.expires_on.isoformat()}"
    if licences:
        return f"{NO_LICENCE_REASON}: not yet verified"
    return f"{NO_LICENCE_REASON}: none listed"


@transaction.atomic
def flag_listings_without_licence(on=None):
    """Flag each published listing with no valid licence; returns (newly flagged, already).

    Listings stay public: a lapsed date is most often a renewal not yet
    re-checked, and the verified badge has already gone by the rule. The flag
    puts them in front of a curator, who re-verifies or suspends.
    """
    on = on or timezone.localdate()
    listings = list(
        without_valid_licence(on=on).prefetch_related("credentials").order_by("name", "pk")
    )
    already = [t for t in listings if t.needs_review]
    new = [t for t in listings if not t.needs_review]
    for therapist in new:
        therapist.needs_review = True
        therapist.review_reason = licence_problem(therapist, on)[:300]
        therapist.flagged_on = on
    Therapist.objects.bulk_update(new, ["needs_review", "review_reason", "flagged_on"])
    return new, already


@transaction.atomic
def clear_review_flags(therapists, user, note):
    """A curator has looked: clear the flags and record the review."""
    note = required(note, "Say what you checked.")
    # Locked and re-read: a flag another curator cleared meanwhile is not cleared twice.
    pks = list(locked(therapists).filter(needs_review=True).values_list("pk", flat=True))
    Therapist.objects.filter(pk__in=pks).update(
        needs_review=False,
        review_reason="",
        flagged_on=None,
        reviewed_on=timezone.localdate(),
        updated_at=timezone.now(),
    )
    log(user, Therapist.objects.filter(pk__in=pks), f"Review flag cleared: {note}")
    return len(pks)


# Freshness


def stale_q(on=None):
    """Accepting status not confirmed within the freshness window (or ever)."""
    return ~Therapist.objects.fresh_q(on) | Q(accepting_confirmed_on__isnull=True)


@transaction.atomic
def confirm_accepting(therapists, user, on=None):
    """Record that a curator confirmed each listing's accepting status on `on`."""
    on = on or timezone.localdate()
    pks = list(locked(therapists).values_list("pk", flat=True))
    Therapist.objects.filter(pk__in=pks).update(
        accepting_confirmed_on=on, updated_at=timezone.now()
    )
    log(
        user,
        Therapist.objects.filter(pk__in=pks),
        f"Accepting status confirmed on {on.isoformat()}",
    )
    return len(pks)


# Reports


@transaction.atomic
def close_reports(reports, status, user, note):
    """Resolve or dismiss open reports with a note; returns how many were closed.

    The reports are locked and re-read: one another curator closed meanwhile
    is left alone, and a note already on a report is kept, the new one after it.
    """
    if status not in {Report.Status.RESOLVED, Report.Status.DISMISSED}:
        raise ValueError(f"Not a closing status: {status}")
    note = required(note, "Add a note for the record.")
    open_reports = list(locked(reports).filter(status=Report.Status.OPEN))
    now = timezone.now()
    for report in open_reports:
        report.status, report.handled_by, report.handled_at = status, user, now
        report.curator_note = f"{report.curator_note}\n\n{note}" if report.curator_note else note
    Report.objects.bulk_update(open_reports, ["status", "handled_by", "handled_at", "curator_note"])
    pks = [r.pk for r in open_reports]
    log(user, Report.objects.filter(pk__in=pks), f"{Report.Status(status).label}: {note}")
    return len(pks)


# Submissions


class SubmissionInvalid(Exception):
    """A correction no longer validates, for example against a changed vocabulary."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def form_errors(form, label=""):
    return [
        f"{label}{form.fields[name].label if name in form.fields else 'Form'}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]


@transaction.atomic
def apply_correction(submission, user, note):
    """Apply a correction to its listing; new or changed rows need verifying again."""

    listing = Therapist.objects.select_for_update().get(pk=submission.therapist_id)
    form = ListingForm(data=submission.data["listing"], instance=listing)
    errors = form_errors(form) if not form.is_valid() else []
    rows = [
        (Credential, CredentialForm, ("issuer", "jurisdiction", "number"), "Credential", row)
        for row in submission.data.get("credentials", [])
    ] + [
        (IPTTraining, IPTTrainingForm, ("level", "completed_on"), "IPT training", row)
        for row in submission.data.get("ipt_trainings", [])
    ]
    checked = []
    for model, form_class, key, label, data in rows:
        kwargs = {"listing": listing} if form_class is CredentialForm else {}
        row_form = form_class(data=data, **kwargs)
        if not row_form.is_valid():
            errors += form_errors(row_form, f"{label}, ")
        checked.append((model, key, row_form))
    if errors:
        raise SubmissionInvalid(errors)
    form.save()
    for model, key, row_form in checked:
        match = {k: row_form.cleaned_data.get(k) for k in key}
        existing = model.objects.filter(therapist=listing, **match).first()
        record = row_form.save(commit=False) if existing is None else existing
        changed = existing is None
        for name in row_form.changed_data if existing else ():
            if getattr(existing, name) != row_form.cleaned_data[name]:
                setattr(existing, name, row_form.cleaned_data[name])
                changed = True
        if changed:
            # What the therapist restated has not been checked yet.
            record.therapist = listing
            record.verification = Verification.UNVERIFIED
            record.verified_by = record.verified_at = None
            record.save()
    close_submission(submission, Submission.Status.ACCEPTED, user, note)
    log(user, Therapist.objects.filter(pk=listing.pk), f"Correction applied: {note}")
    return listing


def lock_pending(submission):
    """Lock a submission and its listing, and refuse one another curator has handled.

    The listing is locked first, as publishing it does, so the two never deadlock.
    """
    Therapist.objects.select_for_update().filter(pk=submission.therapist_id).first()
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    if current.status != Submission.Status.PENDING:
        by = f" by {current.handled_by}" if current.handled_by_id else ""
        raise SubmissionInvalid([f"already {current.get_status_display().lower()}{by}"])
    return current


@transaction.atomic
def accept_submission(submission, user, note, may_publish=True):
    """Accept a submission: publish its new listing, or apply its correction."""
    submission = lock_pending(submission)
    if submission.kind == Submission.Kind.CORRECTION:
        return apply_correction(submission, user, note)
    if not may_publish:
        raise SubmissionInvalid(["you may not publish listings"])
    result = publish(
        Therapist.objects.filter(pk=submission.therapist_id), user, f"Submission accepted: {note}"
    )
    if result.unready:
        (points,) = result.unready.values()
        missing = readiness.Checklist(points).unmet_text()
        raise SubmissionInvalid(
            [f"the listing is not ready to publish ({missing}); verify it, or publish it "
             "from its own page with an override"]
        )  # fmt: skip
    if not result.published:
        raise SubmissionInvalid(["the listing is not pending"])
    close_submission(submission, Submission.Status.ACCEPTED, user, note)
    return submission.therapist


def close_submission(submission, status, user, note):
    submission.status = status
    submission.handled_by = user
    submission.handled_at = timezone.now()
    submission.curator_note = note
    submission.save(update_fields=["status", "handled_by", "handled_at", "curator_note"])
    log(
        user,
        Submission.objects.filter(pk=submission.pk),
        f"{submission.get_status_display()}: {note}",
    )


@transaction.atomic
def reject_submission(submission, user, note):
    """Reject a submission; a rejected new listing goes back to draft."""
    submission = lock_pending(submission)
    if submission.kind == Submission.Kind.NEW:
        listing = Therapist.objects.filter(pk=submission.therapist_id)
        change_status(listing, "return_to_draft", user, f"Submission rejected: {note}")
    close_submission(submission, Submission.Status.REJECTED, user, note)
