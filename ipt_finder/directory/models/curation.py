from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ipt_finder.directory.choices import Status

from .base import LimitedTextField


class StatusChange(models.Model):
    """One step in a listing's lifecycle: who moved it, when, and why."""

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        "from", max_length=10, choices=Status, blank=True, help_text="Blank for a new listing."
    )
    to_status = models.CharField("to", max_length=10, choices=Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Blank when the therapist's own submission or an import made the change.",
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = LimitedTextField(max_length=2000)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "status change"
        indexes = [models.Index(fields=["therapist", "-changed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="status_change_changes_status",
                violation_error_message="A status change must change the status.",
            ),
        ]

    def __str__(self):
        start = self.get_from_status_display() or "new"
        return f"{self.therapist}: {start} → {self.get_to_status_display()}"


class Submission(models.Model):
    """A therapist's own new listing or correction, waiting for a curator."""

    class Kind(models.TextChoices):
        NEW = "new", "New listing"
        CORRECTION = "correction", "Correction to a listing"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=10, choices=Kind)
    therapist = models.ForeignKey(
        "directory.Therapist",
        on_delete=models.CASCADE,
        related_name="submissions",
        help_text="The listing it created, or the one it proposes to correct.",
    )
    data = models.JSONField(help_text="What the therapist submitted.")
    submitter_name = models.CharField(max_length=120)
    submitter_email = models.EmailField(help_text="Visible only to curators.")
    note = LimitedTextField("note to the curators", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    curator_note = LimitedTextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(handled_at__isnull=False),
                name="submission_handled_has_date",
                violation_error_message="An accepted or rejected submission needs a date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.therapist}"
