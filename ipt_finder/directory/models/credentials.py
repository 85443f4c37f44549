from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Value, When

from ipt_finder.directory.choices import LEVELS, CredentialKind, IPTLevel, Rung, USState

from .base import TimeStamped, Verifiable, dates_in_order, validate_not_future


class Credential(Verifiable, TimeStamped):
    """A licence, certification or degree, checked against its issuer."""

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(max_length=20, choices=CredentialKind, default=CredentialKind.LICENCE)
    title = models.CharField(
        max_length=200, help_text="For example “Licensed Clinical Social Worker”."
    )
    number = models.CharField(
        max_length=40, blank=True, help_text="The licence or certificate number."
    )
    issuer = models.ForeignKey(
        "directory.IssuingBody", on_delete=models.PROTECT, related_name="credentials"
    )
    jurisdiction = models.CharField(
        max_length=2, choices=USState, blank=True, help_text="The state it is valid in, if any."
    )
    issued_on = models.DateField(null=True, blank=True, validators=[validate_not_future])

    class Meta:
        ordering = ["kind", "title"]
        indexes = [
            models.Index(fields=["therapist", "kind", "verification", "expires_on"]),
            models.Index(fields=["expires_on"]),
        ]
        permissions = [("verify_credential", "Can verify or reject credentials")]
        constraints = [
            *Verifiable.Meta.constraints,
            dates_in_order(
                "issued_on",
                "expires_on",
                "The expiry date must be after the issue date.",
            ),
            models.UniqueConstraint(
                fields=["issuer", "jurisdiction", "number"],
                condition=~models.Q(number=""),
                name="unique_credential_number_per_issuer",
                violation_error_message=(
                    "Another credential already has this number from the same issuer "
                    "and jurisdiction."
                ),
            ),
        ]

    def __str__(self):
        number = f" #{self.number}" if self.number else ""
        return f"{self.title}{number}"


def _level_case(value_of):
    return Case(
        *[
            When(level=level, then=Value(value_of(body, rung)))
            for level, (body, rung) in LEVELS.items()
        ]
    )


class IPTTraining(Verifiable, TimeStamped):
    """IPT training or certification, in the awarding body's own terms."""

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="ipt_trainings"
    )
    level = models.CharField(
        max_length=30,
        choices=IPTLevel,
        help_text="The level in the awarding body's own terms; the body and rung follow from it.",
    )
    body = models.GeneratedField(
        expression=_level_case(lambda body, rung: str(body)),
        output_field=models.CharField(max_length=20),
        db_persist=True,
    )
    rung = models.GeneratedField(
        expression=_level_case(lambda body, rung: int(rung)),
        output_field=models.PositiveSmallIntegerField(choices=Rung),
        db_persist=True,
        db_index=True,
    )
    completed_on = models.DateField(null=True, blank=True, validators=[validate_not_future])
    hours = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5000)], help_text="Training hours."
    )
    supervised_cases = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    certificate_reference = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = "IPT training"
        permissions = [("verify_ipttraining", "Can verify or reject IPT training")]
        constraints = [
            *Verifiable.Meta.constraints,
            dates_in_order(
                "completed_on",
                "expires_on",
                "The renewal date must be after completion.",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=list(LEVELS)),
                name="ipt_training_known_level",
                violation_error_message="Choose a level from the list.",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__lte=5000),
                name="ipt_training_hours_range",
            ),
        ]

    def __str__(self):
        return self.get_level_display()

    def get_body_display(self):
        body, _ = LEVELS[self.level]
        return body.label

    def get_rung_display(self):
        _, rung = LEVELS[self.level]
        return rung.label


class CulturalTraining(Verifiable, TimeStamped):
    """Cultural-competence or diversity training."""

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="cultural_trainings"
    )
    course = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    hours = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(2000)]
    )
    completed_on = models.DateField(null=True, blank=True, validators=[validate_not_future])

    class Meta:
        ordering = ["-completed_on"]
        permissions = [("verify_culturaltraining", "Can verify or reject cultural training")]
        constraints = [
            *Verifiable.Meta.constraints,
            dates_in_order(
                "completed_on",
                "expires_on",
                "The expiry date must be after completion.",
            ),
        ]

    def __str__(self):
        return f"{self.course} ({self.provider})"
