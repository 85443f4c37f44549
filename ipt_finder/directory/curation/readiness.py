"""Is a listing ready to publish? The checklist curators see before publishing.

Each point reads the listing's own columns (the summary columns for
verification, so it agrees with search), so checking many listings costs no
queries.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from ipt_finder.directory.choices import Rung
from ipt_finder.directory.models import Therapist
from ipt_finder.directory.models.base import FOREVER
from ipt_finder.directory.models.querysets import FRESHNESS_DAYS
from ipt_finder.directory.models.summary import RUNG_UNTIL

CONTACT_FIELDS = ("email", "phone", "website", "booking_url")


@dataclass(frozen=True)
class Point:
    label: str
    met: bool
    detail: str


def until(day):
    return "does not expire" if day == FOREVER else f"until {date_format(day)}"


def is_current(verified_until, on):
    # A summary column's rule, as verified_licence_q states it in SQL.
    return verified_until is not None and verified_until >= on


def licence(therapist, on):
    day = therapist.licence_verified_until
    if is_current(day, on):
        return True, f"verified, {until(day)}"
    return False, "no licence is verified and current"


def ipt_training(therapist, on):
    current = [r for r, name in RUNG_UNTIL.items() if is_current(getattr(therapist, name), on)]
    if not current:
        return False, "no IPT training is verified and current"
    top = max(current)
    return True, f"verified: {Rung(top).label}, {until(getattr(therapist, RUNG_UNTIL[top]))}"


def fee(therapist, on):
    if therapist.fee is not None:
        return True, f"${therapist.fee} a session"
    if therapist.sliding_scale_min_fee is not None:
        return True, f"sliding scale from ${therapist.sliding_scale_min_fee}"
    if therapist.free_or_low_cost:
        return True, "works in a free or low-cost organisation"
    return False, "no fee, and no free or low-cost organisation"


def contact(therapist, on):
    routes = [
        str(Therapist._meta.get_field(name).verbose_name)
        for name in CONTACT_FIELDS
        if getattr(therapist, name)
    ]
    if routes:
        return True, ", ".join(routes)
    return False, "no e-mail, phone, website or booking link"


def availability(therapist, on):
    confirmed = therapist.accepting_confirmed_on
    if therapist.accepting_is_fresh(on):
        return True, f"confirmed on {date_format(confirmed)}"
    if confirmed is None:
        return False, "never confirmed"
    return False, f"last confirmed on {date_format(confirmed)}, over {FRESHNESS_DAYS} days ago"


POINTS = [
    ("A current verified licence", licence),
    ("Verified IPT training", ipt_training),
    ("A fee, or a free or low-cost policy", fee),
    ("A way to get in touch", contact),
    (f"Availability confirmed in the last {FRESHNESS_DAYS} days", availability),
]


@dataclass(frozen=True)
class Checklist:
    points: list

    def __str__(self):
        return f"not ready: {self.unmet_text()}" if self.unmet else "ready to publish"

    def unmet_text(self):
        # "Verified IPT training" reads "verified IPT training" within a sentence.
        return "; ".join(p.label[:1].lower() + p.label[1:] for p in self.unmet)

    @property
    def unmet(self):
        return [p for p in self.points if not p.met]


def checklist(therapist, on=None):
    """Every point, met or not, with what was found."""
    on = on or timezone.localdate()
    return Checklist([Point(label, *check(therapist, on)) for label, check in POINTS])


def unmet(therapist, on=None):
    """The points a listing fails; empty when it is ready."""
    return checklist(therapist, on).unmet


def ready_q(on=None):
    """The same checklist in SQL, for filtering a list of listings."""
    return (
        Therapist.objects.verified_licence_q(on)
        & Therapist.objects.verified_training_q(on)
        & (Q(fee__isnull=False) | Q(sliding_scale_min_fee__isnull=False) | Q(free_or_low_cost=True))
        & Q(*[~Q(**{name: ""}) for name in CONTACT_FIELDS], _connector=Q.OR)
        & Therapist.objects.fresh_q(on)
    )
