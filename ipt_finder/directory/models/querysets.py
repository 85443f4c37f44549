"""The search vocabulary: chainable QuerySet methods that the FilterSet composes."""

import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from ipt_finder.directory.choices import Accepting, Rung, Status, Wheelchair
from ipt_finder.directory.costs.estimates import course_cost_annotations
from ipt_finder.directory.places import geo

from .summary import RUNG_UNTIL

# "Accepting new clients" is only trusted when confirmed this recently.
FRESHNESS_DAYS = 90


def fresh_since(on=None):
    """The earliest confirmation date that still counts as fresh on `on` (default today)."""
    return (on or timezone.localdate()) - datetime.timedelta(days=FRESHNESS_DAYS)


def is_fresh(confirmed_on, on=None):
    return confirmed_on is not None and confirmed_on >= fresh_since(on)


# On PostgreSQL, the name, approach and bio as one text vector, weighted: a match
# in the name counts most, then the approach, then the bio. Migration 0015 keeps
# it in a column with a GIN index.
SEARCH_DOCUMENT = RawSQL(
    '"directory_therapist"."search_document"', (), output_field=SearchVectorField()
)
SEARCH_FIELDS = ("name", "approach", "bio")


def linked(model, relation, **lookup):
    """Exists: the row is linked through the many-to-many `relation` to a term matching `lookup`.

    The lookup applies to the term, for example `slug="grief"` or `in=[...]`.
    """
    field = model._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    return Exists(
        field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk")},
            **{f"{target}__{key}": value for key, value in lookup.items()},
        )
    )


def related(model, name):
    """The model at the other end of `name`, reached without importing it."""
    return model._meta.get_field(name).related_model


class TherapistQuerySet(QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_problem_area(self, areas):
        experiences = related(self.model, "problem_areas").objects
        return self.filter(Exists(experiences.filter(therapist=OuterRef("pk"), area__in=areas)))

    def with_any(self, field_name, values):
        """Listings linked through the many-to-many `field_name` to any of `values`."""
        return self.filter(linked(self.model, field_name, **{"in": values}))

    def linked_q(self, relation, **lookup):
        """Q: linked through the many-to-many `relation` to a term matching `lookup`."""
        return Q(linked(self.model, relation, **lookup))

    # Practicalities

    def accepting(self, on=None):
        return self.filter(self.accepting_q(on))

    @staticmethod
    def accepting_q(on=None):
        return Q(accepting=Accepting.YES) & TherapistQuerySet.fresh_q(on)

    @staticmethod
    def fresh_q(on=None):
        """Accepting status confirmed within FRESHNESS_DAYS of `on`."""
        return Q(accepting_confirmed_on__gte=fresh_since(on))

    def wheelchair_q(self, place=None, miles=None):
        """An accessible office; near `place`, that office itself is within `miles`."""
        if place is None:
            return Q(wheelchair_access=True)
        return self.near_q(place, miles, accessible=True)

    # Credentials and training: read from the listing's summary columns (summary.py).

    def with_verified_licence(self, on=None):
        return self.filter(self.verified_licence_q(on))

    def annotate_verified_licence(self, on=None):
        return self.annotate(
            has_verified_licence=Case(
                When(self.verified_licence_q(on), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )

    @staticmethod
    def verified_licence_q(on=None):
        return Q(licence_verified_until__gte=on or timezone.localdate())

    def at_least_rung(self, rung, verified=False, on=None):
        if verified:
            return self.filter(**{f"{RUNG_UNTIL[rung]}__gte": on or timezone.localdate()})
        return self.filter(ipt_rung__gte=rung)

    @staticmethod
    def verified_training_q(on=None):
        return Q(**{f"{RUNG_UNTIL[Rung.INTRODUCTORY]}__gte": on or timezone.localdate()})

    def annotate_rungs(self, on=None):
        """The highest IPT rung claimed, and the highest that is verified today."""
        on = on or timezone.localdate()
        verified = Case(
            *[
                When(**{f"{RUNG_UNTIL[rung]}__gte": on}, then=Value(int(rung)))
                for rung in sorted(RUNG_UNTIL, reverse=True)
            ],
            default=None,
            output_field=PositiveSmallIntegerField(),
        )
        return self.annotate(top_rung=F("ipt_rung"), top_verified_rung=verified)

    # Cost

    def fits_budget(self, amount):
        """The full fee, or the bottom of the sliding scale, is within `amount`."""
        return self.filter(
            Q(fee__lte=amount) | Q(sliding_scale=True, sliding_scale_min_fee__lte=amount)
        )

    def annotate_course_cost(self):
        """course_cost_min and _max: the whole course at the full fee (see costs.py)."""
        return self.annotate(**course_cost_annotations())

    def course_cost_at_most(self, amount):
        """The longest course at the full fee, consultation included, is within `amount`."""
        return self.filter(LessThanOrEqual(course_cost_annotations()["course_cost_max"], amount))

    def takes_insurer(self, insurers):
        return self.filter(self.linked_q("insurance_plans", insurer__in=insurers))

    @staticmethod
    def free_or_low_cost_q():
        return Q(free_or_low_cost=True)

    # Location

    def near(self, place, miles, accessible=False):
        """Seen in person within `miles` of `place` (at a wheelchair-accessible office if
        `accessible`)."""
        return self.filter(self.near_q(place, miles, accessible))

    def telehealth_to(self, state):
        return self.filter(self.telehealth_q(state))

    def telehealth_q(self, state):
        """By video or phone, licensed in `state` (in any state when None)."""
        remote = Q(telehealth_video=True) | Q(telehealth_phone=True)
        if state is None:
            return remote
        return remote & Q(linked(self.model, "telehealth_states", pk=state))

    def near_or_telehealth(self, place, miles, state):
        return self.filter(
            Q(Exists(self._locations_within(place, miles))) | self.telehealth_q(state)
        )

    def near_q(self, place, miles, accessible=False):
        return Q(Exists(self._locations_within(place, miles, accessible)))

    def annotate_distance(self, place, miles, accessible=False):
        """Miles to the nearest office within `miles` (and accessible, if asked); null when
        none is."""
        nearest = (
            self._locations_within(place, miles, accessible)
            .annotate(distance=geo.distance_miles(place.latitude, place.longitude))
            .order_by("distance")
            .values("distance")[:1]
        )
        return self.annotate(distance=Subquery(nearest))

    def _locations_within(self, place, miles, accessible=False):
        south, north, west, east = geo.bounding_box(place.latitude, place.longitude, miles)
        offices = related(self.model, "locations").objects.filter(
            therapist=OuterRef("pk"),
            latitude__range=(south, north),
            longitude__range=(west, east),
        )
        if accessible:
            offices = offices.filter(wheelchair=Wheelchair.YES)
        return offices.alias(distance=geo.distance_miles(place.latitude, place.longitude)).filter(
            distance__lte=miles
        )

    # Free text

    def search_text(self, text):
        """Full-text search with ranking on PostgreSQL; every word must match elsewhere."""
        if connection.vendor == "postgresql":
            query = SearchQuery(text, search_type="websearch", config="english")
            return (
                self.alias(search=SEARCH_DOCUMENT)
                .filter(search=query)
                .annotate(rank=SearchRank(SEARCH_DOCUMENT, query))
            )
        matches = Q()
        for word in text.split():
            matches &= Q(
                *[(f"{field}__icontains", word) for field in SEARCH_FIELDS], _connector=Q.OR
            )
        return self.filter(matches)
