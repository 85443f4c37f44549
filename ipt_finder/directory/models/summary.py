"""Facts about a listing's own rows, kept on the listing itself.

Search filters, sorts and counts on these columns instead of running a
subquery per listing, which matters at 100,000 listings. Verification is
stored as "verified until" dates, so a lapsed licence stops counting on the
day it expires without any job having to run. The columns are refreshed
whenever a credential, training, location or organisation membership changes.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, Max, OuterRef, Subquery

from ipt_finder.directory.choices import CostPolicy, CredentialKind, Rung, Verification, Wheelchair

from .base import Verifiable

RUNG_UNTIL = {
    Rung.INTRODUCTORY: "verified_introductory_until",
    Rung.CERTIFIED: "verified_certified_until",
    Rung.SUPERVISOR: "verified_supervisor_until",
    Rung.TRAINER: "verified_trainer_until",
}


def _until(rung):
    return models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=f"Last day a verified IPT training at “{rung.label}” or above is current.",
    )


class ListingSummary(models.Model):
    licence_verified_until = models.DateField(
        null=True, blank=True, editable=False, help_text="Last day a verified licence is current."
    )
    ipt_rung = models.PositiveSmallIntegerField(
        "highest IPT rung claimed", null=True, blank=True, choices=Rung, editable=False
    )
    verified_introductory_until = _until(Rung.INTRODUCTORY)
    verified_certified_until = _until(Rung.CERTIFIED)
    verified_supervisor_until = _until(Rung.SUPERVISOR)
    verified_trainer_until = _until(Rung.TRAINER)
    wheelchair_access = models.BooleanField(default=False, editable=False)
    free_or_low_cost = models.BooleanField(
        "in a free or low-cost organisation", default=False, editable=False
    )

    class Meta:
        abstract = True


def _verified_until(records):
    """The last day any of `records` counts as verified."""
    return Subquery(
        records.values("therapist").annotate(until=Max(Verifiable.verified_until())).values("until")
    )


def summary_expressions():
    model = apps.get_app_config("directory").get_model
    trainings = model("IPTTraining").objects.filter(therapist=OuterRef("pk"))
    memberships = model("Therapist").organisations.through.objects.filter(
        therapist=OuterRef("pk"),
        organisation__cost_policy__in=[CostPolicy.FREE, CostPolicy.LOW_COST],
    )
    return {
        "licence_verified_until": _verified_until(
            model("Credential").objects.filter(
                therapist=OuterRef("pk"), kind=CredentialKind.LICENCE
            )
        ),
        "ipt_rung": Subquery(
            trainings.exclude(verification=Verification.REJECTED)
            .values("therapist")
            .annotate(top=Max("rung"))
            .values("top")
        ),
        **{
            field: _verified_until(trainings.filter(rung__gte=rung))
            for rung, field in RUNG_UNTIL.items()
        },
        "wheelchair_access": Exists(
            model("Location").objects.filter(therapist=OuterRef("pk"), wheelchair=Wheelchair.YES)
        ),
        "free_or_low_cost": Exists(memberships),
    }


def refresh_summaries(therapists):
    """Recompute the summary columns of `therapists` (a queryset) in one UPDATE."""
    return therapists.update(**summary_expressions())
