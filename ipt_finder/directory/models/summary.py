"""Facts about a listing's own rows, kept on the listing itself.

Search filters, sorts and counts on these columns instead of running a
subquery per listing, which matters at 100,000 listings. Verification is
stored as "verified until" dates, so a lapsed licence stops counting on the
day it expires without any job having to run. Database triggers (signals.py)
recompute the columns in the writer's transaction whenever a credential,
training, office, organisation or membership changes.
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models.expressions import RawSQL

from ipt_finder.directory.choices import CostPolicy, CredentialKind, Rung, Verification, Wheelchair

from .base import FOREVER

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


SUMMARY_FIELDS = [field.name for field in ListingSummary._meta.fields]


def table(name):
    return apps.get_model("directory", name)._meta.db_table


def membership_table():
    return apps.get_model("directory", "Therapist").organisations.through._meta.db_table


def _verified_until(source, condition):
    """The last day any of a listing's rows in `source` counts as verified: the SQL of
    Verifiable.verified_until, the latest over the rows."""
    return (
        f"(SELECT MAX(CASE WHEN r.verification = '{Verification.VERIFIED}' "
        f"THEN COALESCE(r.expires_on, '{FOREVER.isoformat()}') END) "
        f"FROM {source} r WHERE r.therapist_id = {{id}} AND {condition})"
    )


def summary_sql(listing_id):
    """Each summary column's value as SQL that PostgreSQL and SQLite both run, for the
    listing whose id is the SQL expression `listing_id`."""
    trainings = table("IPTTraining")
    free = ", ".join(f"'{policy}'" for policy in (CostPolicy.FREE, CostPolicy.LOW_COST))
    columns = {
        "licence_verified_until": _verified_until(
            table("Credential"), f"r.kind = '{CredentialKind.LICENCE}'"
        ),
        "ipt_rung": (
            f"(SELECT MAX(r.rung) FROM {trainings} r "
            f"WHERE r.therapist_id = {{id}} AND r.verification <> '{Verification.REJECTED}')"
        ),
        **{
            field: _verified_until(trainings, f"r.rung >= {rung.value}")
            for rung, field in RUNG_UNTIL.items()
        },
        "wheelchair_access": (
            f"EXISTS (SELECT 1 FROM {table('Location')} r "
            f"WHERE r.therapist_id = {{id}} AND r.wheelchair = '{Wheelchair.YES}')"
        ),
        "free_or_low_cost": (
            f"EXISTS (SELECT 1 FROM {membership_table()} r "
            f"JOIN {table('Organisation')} o ON o.id = r.organisation_id "
            f"WHERE r.therapist_id = {{id}} AND o.cost_policy IN ({free}))"
        ),
    }
    return {name: sql.format(id=listing_id) for name, sql in columns.items()}


def fresh_summaries():
    """The summary columns computed afresh, as expressions on a Therapist queryset."""
    therapist = apps.get_model("directory", "Therapist")
    sql = summary_sql(f"{therapist._meta.db_table}.id")
    return {
        name: RawSQL(sql[name], (), output_field=therapist._meta.get_field(name).clone())
        for name in SUMMARY_FIELDS
    }


def refresh_summaries(therapists):
    """Recompute the summary columns of `therapists` (a queryset) in one UPDATE.

    The triggers keep them true on every write; this repairs drift (refresh_summaries).
    """
    return therapists.update(**fresh_summaries())


def drifted(therapists):
    """The ids of `therapists` whose stored summary differs from a fresh computation."""
    fresh = {f"fresh_{name}": expression for name, expression in fresh_summaries().items()}
    width = len(SUMMARY_FIELDS)
    return [
        row[0]
        for row in therapists.annotate(**fresh).values_list("pk", *SUMMARY_FIELDS, *fresh)
        if row[1 : 1 + width] != row[1 + width :]
    ]


def batches(therapists, size):
    """`therapists` in runs of at most `size` consecutive primary keys: each a queryset
    and its length."""
    therapists = therapists.order_by("pk")
    rest = therapists
    while ids := list(rest.values_list("pk", flat=True)[:size]):
        yield therapists.filter(pk__gte=ids[0], pk__lte=ids[-1]), len(ids)
        rest = therapists.filter(pk__gt=ids[-1])


def refresh_drifted(therapists, batch_size=1000, fix=True, done=lambda count: None):
    """Compare `therapists`' stored summaries with a fresh computation, a batch at a time,
    and unless `fix` is false rewrite the ones that differ. Returns their ids."""
    found = []
    for batch, count in batches(therapists, batch_size):
        with transaction.atomic(using=batch.db):
            ids = drifted(batch)
            if ids and fix:
                refresh_summaries(batch.filter(pk__in=ids))
        found += ids
        done(count)
    return found
