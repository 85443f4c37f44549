from django.db import models
from django.db.models import Q

from ipt_finder.directory.choices import (
    AccessConfirmedBy,
    CostPolicy,
    OrganisationKind,
    Wheelchair,
)

from .base import Address, LimitedTextField, TimeStamped


class Organisation(Address, TimeStamped):
    """A group practice, community mental-health centre or training clinic."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind)
    cost_policy = models.CharField(
        max_length=10,
        choices=CostPolicy,
        default=CostPolicy.STANDARD,
        db_index=True,
        help_text="Whether it offers free or low-cost care to people who need it.",
    )
    cost_details = LimitedTextField(
        blank=True,
        max_length=2000,
        help_text="Who qualifies, and what it costs; shown to the public.",
    )
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [*Address.Meta.constraints]

    def __str__(self):
        return self.name

    @property
    def free_or_low_cost(self):
        return self.cost_policy in {CostPolicy.FREE, CostPolicy.LOW_COST}


class Location(Address):
    """An office where a therapist sees clients in person."""

    therapist = models.ForeignKey(
        "directory.Therapist", on_delete=models.CASCADE, related_name="locations"
    )
    label = models.CharField(max_length=100, blank=True, help_text="For example “Downtown office”.")
    wheelchair = models.CharField(
        "wheelchair access", max_length=10, choices=Wheelchair, default=Wheelchair.UNKNOWN
    )
    wheelchair_confirmed_by = models.CharField(max_length=10, choices=AccessConfirmedBy, blank=True)
    wheelchair_confirmed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["latitude", "longitude"]), models.Index(fields=["state"])]
        constraints = [
            *Address.Meta.constraints,
            models.CheckConstraint(
                condition=Q(wheelchair=Wheelchair.UNKNOWN) | ~Q(wheelchair_confirmed_by=""),
                name="location_wheelchair_access_has_source",
                violation_error_message="Say who confirmed the wheelchair access.",
            ),
        ]

    def __str__(self):
        return self.label or self.one_line
