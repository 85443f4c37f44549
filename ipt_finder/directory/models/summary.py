"""Facts about a listing's own rows, kept on the listing itself.

Search filters, sorts and counts on these columns instead of running a
subquery per listing, which matters at 100,000 listings. Verification is
stored as "verified until" dates, so a lapsed licence stops counting on the
day it expires without any job having to run. The columns are refreshed
whenever a credential, training, location or organisation membership changes.
"""

import datetime

from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save

from ipt_finder.directory.choices import CostPolicy, CredentialKind, Rung, Verification, Wheelchair

# Stands for "does not expire" in the verified-until columns.
FOREVER = datetime.date(9999, 12, 31)

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
    """The last day any of `records` counts as verified (the rule of Verifiable.verified_q)."""
    return Subquery(
        records.filter(verification=Verification.VERIFIED)
        .values("therapist")
        .annotate(until=Max(Coalesce("expires_on", Value(FOREVER))))
        .values("until")
    )


def summary_expressions():
    from .credentials import Credential, IPTTraining
    from .places import Location
    from .therapists import Therapist

    trainings = IPTTraining.objects.filter(therapist=OuterRef("pk"))
    memberships = Therapist.organisations.through.objects.filter(
        therapist=OuterRef("pk"),
        organisation__cost_policy__in=[CostPolicy.FREE, CostPolicy.LOW_COST],
    )
    return {
        "licence_verified_until": _verified_until(
            Credential.objects.filter(therapist=OuterRef("pk"), kind=CredentialKind.LICENCE)
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
            Location.objects.filter(therapist=OuterRef("pk"), wheelchair=Wheelchair.YES)
        ),
        "free_or_low_cost": Exists(memberships),
    }


def refresh_summaries(therapists):
    """Recompute the summary columns of `therapists` (a queryset) in one UPDATE."""
    return therapists.update(**summary_expressions())


# Listings whose rows came from a fixture, refreshed together when the load commits.
_loaded = set()


def _refresh_for_row(sender, instance, raw=False, **kwargs):
    from .therapists import Therapist

    if raw:
        _loaded.add(instance.therapist_id)
        transaction.on_commit(_refresh_loaded)
    else:
        refresh_summaries(Therapist.objects.filter(pk=instance.therapist_id))


def _refresh_loaded():
    from .therapists import Therapist

    ids = list(_loaded)
    _loaded.clear()
    for start in range(0, len(ids), 500):
        refresh_summaries(Therapist.objects.filter(pk__in=ids[start : start + 500]))


def _refresh_members(sender, instance, **kwargs):
    refresh_summaries(instance.therapists.all())


def _refresh_flagged(sender, instance, **kwargs):
    from .therapists import Therapist

    refresh_summaries(Therapist.objects.filter(free_or_low_cost=True))


def _refresh_memberships(sender, instance, action, reverse, pk_set, **kwargs):
    from .therapists import Therapist

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_summaries(Therapist.objects.filter(pk=instance.pk))
    elif action == "post_clear":
        _refresh_flagged(sender, instance)
    else:
        refresh_summaries(Therapist.objects.filter(pk__in=pk_set))


def connect_signals():
    from .credentials import Credential, IPTTraining
    from .places import Location, Organisation
    from .therapists import Therapist

    for model in (Credential, IPTTraining, Location):
        post_save.connect(_refresh_for_row, sender=model, dispatch_uid=f"summary-{model.__name__}")
        post_delete.connect(
            _refresh_for_row, sender=model, dispatch_uid=f"summary-delete-{model.__name__}"
        )
    post_save.connect(_refresh_members, sender=Organisation, dispatch_uid="summary-organisation")
    post_delete.connect(
        _refresh_flagged, sender=Organisation, dispatch_uid="summary-organisation-delete"
    )
    m2m_changed.connect(
        _refresh_memberships, sender=Therapist.organisations.through, dispatch_uid="summary-members"
    )
