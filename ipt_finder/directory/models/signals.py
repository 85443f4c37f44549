"""Keeps the listing summary columns (summary.py) true whenever a listing's own rows change."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .credentials import Credential, IPTTraining
from .places import Location, Organisation
from .summary import refresh_summaries
from .therapists import Therapist

# Listings whose rows came from a fixture, refreshed together when the load commits.
_loaded = set()


def _refresh_for_row(sender, instance, raw=False, **kwargs):
    if raw:
        _loaded.add(instance.therapist_id)
        transaction.on_commit(_refresh_loaded)
    else:
        refresh_summaries(Therapist.objects.filter(pk=instance.therapist_id))


def _refresh_loaded():
    ids = list(_loaded)
    _loaded.clear()
    for start in range(0, len(ids), 500):
        refresh_summaries(Therapist.objects.filter(pk__in=ids[start : start + 500]))


def _refresh_members(sender, instance, **kwargs):
    refresh_summaries(instance.therapists.all())


def _refresh_flagged(sender, instance, **kwargs):
    refresh_summaries(Therapist.objects.filter(free_or_low_cost=True))


def _refresh_memberships(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_summaries(Therapist.objects.filter(pk=instance.pk))
    elif action == "post_clear":
        _refresh_flagged(sender, instance)
    else:
        refresh_summaries(Therapist.objects.filter(pk__in=pk_set))


def connect_signals():
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
