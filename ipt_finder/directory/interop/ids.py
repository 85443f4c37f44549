"""Stable public ids: uuid5 of a record's natural key, so they survive a reload.

Reads by id look the uuid up in an index of the published records, kept in
the process's memory (the cache would pickle it on every read) and rebuilt
when the records change (a few aggregate queries tell).
The index only narrows the search: every read still queries the published
listings, so a stale entry can never publish anything.
"""

import uuid

from django.db.models import Exists, OuterRef

from ipt_finder.directory.choices import Status
from ipt_finder.directory.models import InsurancePlan, Insurer, Location, Organisation, Therapist
from ipt_finder.directory.models.stamp import DataStamp

NAMESPACE = uuid.UUID("743842bf-9cdb-45fa-8d41-4a89733a008a")
# (version, index): replaced whole, so a reader never sees half of one.
_memo = (None, {})


def make_id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def therapist_id(slug):
    return make_id("therapist", slug)


def organisation_id(slug):
    return make_id("organisation", slug)


def insurer_id(slug):
    return make_id("insurer", slug)


def plan_id(insurer_slug, slug):
    return make_id("plan", insurer_slug, slug)


def insurance_plan_id(insurer_slug, slug):
    return make_id("insurance-plan", insurer_slug, slug)


def role_id(slug, plan_key=()):
    return make_id("role", slug, *plan_key)


def healthcare_service_id(slug):
    return make_id("healthcareservice", slug)


def office_key(office, therapist_slug):
    return (therapist_slug, office.label, office.street, office.city, office.state,
            office.postal_code)  # fmt: skip


def office_id(office, therapist_slug):
    return make_id("office", *office_key(office, therapist_slug))


def child_id(parent_id, *parts):
    """The id of a row that only exists inside its parent: a phone, an address, a term link."""
    return make_id(parent_id, *parts)


def published_organisations():
    """Organisations that at least one published listing works at."""
    return Organisation.objects.filter(
        Exists(
            Therapist.organisations.through.objects.filter(
                organisation=OuterRef("pk"), therapist__status=Status.PUBLISHED
            )
        )
    )


def version():
    """The data stamp (models/stamp.py), which every write to the directory changes."""
    return DataStamp.current() or object()  # no stamp: never reuse the index


def build_index():
    index = {}
    published = Therapist.objects.published()
    for slug in published.values_list("slug", flat=True):
        index[therapist_id(slug)] = ("therapist", slug)
        index[healthcare_service_id(slug)] = ("healthcareservice", slug)
        index[role_id(slug)] = ("role", slug)
    memberships = Therapist.insurance_plans.through.objects.filter(
        therapist__status=Status.PUBLISHED
    ).values_list("therapist__slug", "insuranceplan__insurer__slug", "insuranceplan__slug")
    for slug, *plan_key in memberships:
        index[role_id(slug, plan_key)] = ("role", slug)
    offices = Location.objects.filter(therapist__status=Status.PUBLISHED).values_list(
        "therapist__slug", "label", "street", "city", "state", "postal_code"
    )
    for key in offices:
        index[make_id("office", *key)] = ("office", key)
    for slug in published_organisations().values_list("slug", flat=True):
        index[organisation_id(slug)] = ("organisation", slug)
    for slug in Insurer.objects.values_list("slug", flat=True):
        index[insurer_id(slug)] = ("insurer", slug)
    for key in InsurancePlan.objects.values_list("insurer__slug", "slug"):
        index[plan_id(*key)] = ("plan", key)
        index[insurance_plan_id(*key)] = ("insurance-plan", key)
    return index


def parse(value):
    """`value` as a canonical uuid string, or None if it is not one."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        return None


def lookup(public_id):
    """(kind, natural key) of the published record `public_id` names, or None."""
    public_id = parse(public_id)
    if public_id is None:
        return None
    global _memo
    current = version()
    if _memo[0] != current:
        _memo = (current, build_index())
    return _memo[1].get(public_id)


def forget():
    """Drop the index, for tests that reuse a database's ids."""
    global _memo
    _memo = (None, {})


def resolve(public_id, kind):
    """The natural key behind `public_id` if it names a record of `kind`, else None."""
    found = lookup(public_id)
    return found[1] if found and found[0] == kind else None
