from django.conf import settings
from django.db import models
from django.db.models import Q

from .base import LimitedTextField


class Report(models.Model):
    """A visitor's note that something on a listing is out of date."""

    class Topic(models.TextChoices):
        ACCEPTING = "accepting", "Whether they are accepting new clients"
        CONTACT = "contact", "Phone, e-mail, website or address"
        FEES = "fees", "Fees, sliding scale or insurance"
        CREDENTIALS = "credentials", "Licence or training"
        ACCESS = "access", "Wheelchair access"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="reports"
    )
    topic = models.CharField(max_length=12, choices=Topic)
    message = LimitedTextField(max_length=2000)
    contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, and visible only to curators.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    curator_note = LimitedTextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["therapist", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(handled_at__isnull=False),
                name="report_handled_has_date",
                violation_error_message="A resolved or dismissed report needs the date it was handled.",
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} — {self.therapist}"
