"""The demo listings as Django fixture objects, and the choices they leave unused."""

import datetime
from decimal import Decimal

from ipt_finder.directory.choices import (
    Accepting,
    AccessConfirmedBy,
    Consultation,
    CredentialKind,
    Experience,
    Faith,
    Gender,
    IPTLevel,
    LicenceType,
    MaintenanceFrequency,
    Medication,
    ProblemArea,
    Profession,
    Status,
    Verification,
    Wheelchair,
)
from ipt_finder.directory.demo.data import (
    INSURERS,
    ISSUING_BODIES,
    METRO_BY_CITY,
    ORGANISATIONS,
    VOCABULARY,
)

from . import DEMO_ANCHOR


def missing_values(listings):
    """Choice values no listing uses: an empty dict when the demo covers everything."""
    published = [listing for listing in listings if listing.published]
    used = {
        "Status": {listing.therapist["status"] for listing in listings},
        "Profession": {listing.therapist["profession"] for listing in published},
        "LicenceType": {listing.therapist["licence_type"] for listing in published},
        "Medication": {listing.therapist["medication"] for listing in published},
        "MaintenanceFrequency": {
            listing.therapist["maintenance_frequency"] for listing in published
        },
        "Accepting": {listing.therapist["accepting"] for listing in published},
        "Consultation": {listing.therapist["consultation"] for listing in published},
        "Gender": {listing.therapist["gender"] for listing in published},
        "Faith": {listing.therapist["faith"] for listing in published},
        "CredentialKind": {c["kind"] for listing in published for c in listing.credentials},
        "Verification": {c["verification"] for listing in published for c in listing.credentials},
        "IPTLevel": {x["level"] for listing in published for x in listing.ipt_trainings},
        "ProblemArea": {x["area"] for listing in published for x in listing.problem_areas},
        "Experience": {x["experience"] for listing in published for x in listing.problem_areas},
        "Wheelchair": {x["wheelchair"] for listing in published for x in listing.locations},
        "AccessConfirmedBy": {
            x["wheelchair_confirmed_by"] for listing in published for x in listing.locations
        },
    }
    choices = {
        "Status": Status,
        "Profession": Profession,
        "LicenceType": LicenceType,
        "Medication": Medication,
        "MaintenanceFrequency": MaintenanceFrequency,
        "Accepting": Accepting,
        "Consultation": Consultation,
        "Gender": Gender,
        "Faith": Faith,
        "CredentialKind": CredentialKind,
        "Verification": Verification,
        "IPTLevel": IPTLevel,
        "ProblemArea": ProblemArea,
        "Experience": Experience,
        "Wheelchair": Wheelchair,
        "AccessConfirmedBy": AccessConfirmedBy,
    }
    missing = {}
    for name, enum in choices.items():
        absent = [value for value in enum.values if value not in used[name]]
        if absent:
            missing[name] = absent
    return missing


# ---------------------------------------------------------------------------
# The fixture: Django's serialization format, with explicit pks for owned rows
# ---------------------------------------------------------------------------


def _value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(values):
    return {key: _value(value) for key, value in values.items()}


def _stamped(row, created):
    """A verifiable row's timestamps: created with its listing, updated when verified."""
    return {**row, "created_at": created, "updated_at": max(created, row["verified_at"] or created)}


def fixture_objects(listings, anchor=DEMO_ANCHOR):
    """The demo as a list of serialized objects, ready for json.dumps."""
    objects = []

    def add(model, pk, fields):
        objects.append({"model": f"directory.{model}", "pk": pk, "fields": _fields(fields)})

    setup = datetime.datetime.combine(
        anchor - datetime.timedelta(days=1600), datetime.time(9), tzinfo=datetime.UTC
    )
    stamps = {"created_at": setup, "updated_at": setup}
    body_pks = {}
    for pk, body in enumerate(ISSUING_BODIES, 1):
        body_pks[body.slug] = pk
        add(
            "issuingbody",
            pk,
            {
                "slug": body.slug,
                "name": body.name,
                "kind": body.kind,
                "jurisdiction": body.jurisdiction,
                "accredited": body.accredited,
                "lookup_url": body.url,
            },
        )
    plan_pks = {}
    for pk, (slug, name, plans) in enumerate(INSURERS, 1):
        add("insurer", pk, {"slug": slug, "name": name, "position": pk - 1})
        for plan_slug, plan_name, _ in plans:
            plan_pks[(slug, plan_slug)] = len(plan_pks) + 1
            add(
                "insuranceplan",
                plan_pks[(slug, plan_slug)],
                {"insurer": pk, "slug": plan_slug, "name": plan_name},
            )
    org_pks = {}
    for pk, org in enumerate(ORGANISATIONS, 1):
        org_pks[org.slug] = pk
        metro = METRO_BY_CITY[org.city]
        office = metro.offices[org.office]
        add(
            "organisation",
            pk,
            {
                "name": org.name,
                "slug": org.slug,
                "kind": org.kind,
                "cost_policy": org.cost_policy,
                "cost_details": org.cost_details,
                "website": f"https://www.{org.slug}.example/",
                "phone": f"({metro.area_code}) 555-01{pk + 50:02d}",
                "street": org.street,
                "city": metro.city,
                "state": metro.state,
                "postal_code": office.postal_code,
                "country": "US",
                "latitude": Decimal(f"{office.latitude:.6f}"),
                "longitude": Decimal(f"{office.longitude:.6f}"),
                **stamps,
            },
        )

    def keys(values):
        return [[value] for value in sorted(values)]

    def m2m_fields(m2m):
        # Empty lists are left out: loaddata spends a query on each one.
        fields = {
            "languages": sorted(m2m["languages"]),
            "telehealth_states": sorted(m2m["telehealth_states"]),
            "insurance_plans": sorted(plan_pks[plan] for plan in m2m["insurance_plans"]),
            "organisations": sorted(org_pks[slug] for slug in m2m["organisations"]),
        }
        for name in VOCABULARY:
            if name != "languages":
                fields[name] = keys(m2m[name])
        return {name: values for name, values in fields.items() if values}

    children = {
        name: []
        for name in (
            "credential",
            "ipttraining",
            "culturaltraining",
            "location",
            "slidingscaletier",
            "problemareaexperience",
        )
    }
    for pk, listing in enumerate(listings, 1):
        t, m2m = listing.therapist, listing.m2m
        add("therapist", pk, {**t, **m2m_fields(m2m)})
        created = t["created_at"]
        for row in listing.credentials:
            children["credential"].append(
                {**_stamped(row, created), "therapist": pk, "issuer": body_pks[row["issuer"]]}
            )
        for row in listing.ipt_trainings:
            children["ipttraining"].append({**_stamped(row, created), "therapist": pk})
        for row in listing.cultural_trainings:
            children["culturaltraining"].append({**_stamped(row, created), "therapist": pk})
        for name, rows in (
            ("location", listing.locations),
            ("slidingscaletier", listing.tiers),
            ("problemareaexperience", listing.problem_areas),
        ):
            children[name].extend({**row, "therapist": pk} for row in rows)
    for name, rows in children.items():
        for pk, row in enumerate(rows, 1):
            add(name, pk, row)
    return objects
