import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.functional import cached_property

from ipt_finder.directory.choices import USState, Verification
from ipt_finder.directory.web.textcheck import CONTROL

# Stands for "does not expire" in verified-until dates.
FOREVER = datetime.date(9999, 12, 31)


no_control_characters = RegexValidator(
    CONTROL, "Control characters, such as a NUL byte, can't be in text.", inverse_match=True
)


class LimitedTextField(models.TextField):
    """A TextField whose max_length the model checks too, not only its form, and
    that holds no control characters but tab and line breaks."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length), no_control_characters]


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VerifiableQuerySet(models.QuerySet):
    def verified(self, on=None):
        return self.filter(Verifiable.verified_q(on=on))


class Verifiable(models.Model):
    """A record a curator checks against its issuer: credentials and trainings.

    The one rule for "verified": a curator verified it, and it has not
    expired on the day asked about. `verified_until` states it in SQL, as the
    last day the record counts (null if it was never verified), and
    `is_verified` in Python.
    """

    expires_on = models.DateField(
        null=True, blank=True, help_text="Leave blank if it does not expire."
    )
    verification = models.CharField(
        max_length=12, choices=Verification, default=Verification.UNVERIFIED, db_index=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The curator who checked it.",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where it was checked, for example the state board's lookup page.",
    )

    objects = VerifiableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(verification=Verification.VERIFIED) | Q(verified_at__isnull=False),
                name="%(app_label)s_%(class)s_verified_has_date",
                violation_error_message="A verified record needs the date it was verified.",
            ),
        ]

    @staticmethod
    def verified_until(prefix=""):
        return Case(
            When(Verifiable.checked_q(prefix), then=Verifiable.valid_through(prefix)),
            output_field=models.DateField(),
        )

    @staticmethod
    def verified_q(on=None, prefix=""):
        on = on or timezone.localdate()
        return Verifiable.checked_q(prefix) & Q(
            GreaterThanOrEqual(Verifiable.valid_through(prefix), on)
        )

    @staticmethod
    def checked_q(prefix=""):
        return Q(**{f"{prefix}verification": Verification.VERIFIED})

    @staticmethod
    def valid_through(prefix=""):
        return Coalesce(f"{prefix}expires_on", Value(FOREVER))

    def is_verified(self, on=None):
        on = on or timezone.localdate()
        return self.verification == Verification.VERIFIED and (self.expires_on or FOREVER) >= on

    def is_expired(self, on=None):
        on = on or timezone.localdate()
        return self.expires_on is not None and self.expires_on < on

    def clean(self):
        super().clean()
        if self.verification == Verification.VERIFIED and not self.verified_at:
            self.verified_at = timezone.now()


def dates_in_order(start_name, end_name, message):
    """A CheckConstraint that `end_name` is not before `start_name` when both are set."""
    return models.CheckConstraint(
        condition=Q(**{f"{start_name}__isnull": True})
        | Q(**{f"{end_name}__isnull": True})
        | Q(**{f"{end_name}__gte": models.F(start_name)}),
        name=f"%(app_label)s_%(class)s_{start_name}_before_{end_name}",
        violation_error_message=message,
    )


class Address(models.Model):
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=USState)
    postal_code = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, default="US", help_text="ISO 3166 country code.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_coordinates_paired",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]

    @property
    def one_line(self):
        parts = [self.street, self.city, f"{self.state} {self.postal_code}".strip()]
        return ", ".join(p for p in parts if p)


def validate_not_future(value):
    if value and value > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError("This date is in the future.")
