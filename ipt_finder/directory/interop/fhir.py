"""Published listings as FHIR R4 resources, following Da Vinci PDex Plan-Net 1.2.0.

Plain dicts; the tests validate them with fhir.resources (R4B). Only verified,
unexpired credentials become qualifications, and `newpatients` is left out
when accepting status was not confirmed within FRESHNESS_DAYS.
"""

from ipt_finder.directory.choices import Accepting, CredentialKind, OrganisationKind, Wheelchair

from . import ids, sources

FHIR_VERSION = "4.0.1"
PLAN_NET = "http://hl7.org/fhir/us/davinci-pdex-plan-net"
PN_EXT = f"{PLAN_NET}/StructureDefinition/"
PN_CS = f"{PLAN_NET}/CodeSystem/"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
DEGREE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0360"
USPS_SYSTEM = "https://www.usps.com/"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
# Degree codes (v2-0360) for words in a degree credential's title.
DEGREES = {"PhD": "PHD", "PsyD": "PSYD", "MD": "MD", "DO": "DO", "MSW": "MSW", "MA": "MA",
           "MS": "MS", "MSN": "MSN", "DNP": "DNP", "EdD": "EDD"}  # fmt: skip
ACCEPTING = {Accepting.YES: "newpt", Accepting.WAITLIST: "newpt", Accepting.NO: "nopt"}
ORG_TYPES = {
    OrganisationKind.GROUP_PRACTICE: ("prvgrp", "Provider Group"),
    OrganisationKind.COMMUNITY_CENTRE: ("fac", "Facility"),
    OrganisationKind.TRAINING_CLINIC: ("fac", "Facility"),
}


def compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def coding(system, code, display=None):
    return compact({"system": system, "code": code, "display": display})


def concept(system, code, display=None, text=None):
    return compact({"coding": [coding(system, code, display)], "text": text})


def reference(resource_type, public_id, display=None):
    return compact({"reference": f"{resource_type}/{public_id}", "display": display})


def meta(moment):
    return {"lastUpdated": moment.isoformat()} if moment else None


def ids_of(therapist):
    """The public ids of a listing's resources."""
    return ids.therapist_id(therapist.slug), ids.healthcare_service_id(therapist.slug)


def split_name(name):
    """(given names, family name) from a display name such as "Dr. Ruth A. Schwartz, LCSW"."""
    words = [w for w in name.split(",")[0].split() if w.rstrip(".").lower() not in {"dr", "mx"}]
    words = words or name.split()
    return words[:-1], words[-1]


def practitioner_qualification_ext(state=""):
    parts = [{"url": "status", "valueCode": "active"}]
    if state:
        parts.append({"url": "whereValid", "valueCodeableConcept": concept(USPS_SYSTEM, state)})
    return [{"url": f"{PN_EXT}practitioner-qualification", "extension": parts}]


def credential_code(credential, therapist):
    if credential.kind == CredentialKind.LICENCE:
        code, display = sources.NUCC[therapist.profession]
        return concept(sources.NUCC_SYSTEM, code, display, credential.title)
    if credential.kind == CredentialKind.DEGREE:
        words = credential.title.replace(",", " ").replace(".", "").split()
        found = next((DEGREES[w] for w in words if w in DEGREES), None)
        if found:
            return concept(DEGREE_SYSTEM, found, None, credential.title)
    return {"text": credential.title}


def period(start, end):
    return compact(
        {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
    )


def qualifications(therapist, base):
    found = []
    for credential in sources.verified(therapist.credentials):
        identifier = None
        if credential.number:
            system = f"{base}sid/credential/{credential.issuer.slug}"
            identifier = [{"system": system, "value": credential.number}]
        found.append(
            compact(
                {
                    "extension": practitioner_qualification_ext(credential.jurisdiction),
                    "identifier": identifier,
                    "code": credential_code(credential, therapist),
                    "period": period(credential.issued_on, credential.expires_on),
                    "issuer": {"display": credential.issuer.name},
                }
            )
        )
    for training in sources.verified(therapist.ipt_trainings):
        found.append(
            compact(
                {
                    "extension": practitioner_qualification_ext(),
                    "code": concept(
                        f"{base}CodeSystem/ipt-level",
                        training.level,
                        training.get_level_display(),
                        training.get_level_display(),
                    ),
                    "period": period(training.completed_on, training.expires_on),
                    "issuer": {"display": training.get_body_display()},
                }
            )
        )
    for training in sources.verified(therapist.cultural_trainings):
        found.append(
            compact(
                {
                    "extension": practitioner_qualification_ext(),
                    "code": concept(
                        f"{PN_CS}AccessibilityCS",
                        "cultcomp",
                        "Cultural competence",
                        training.course,
                    ),  # fmt: skip
                    "period": period(training.completed_on, training.expires_on),
                    "issuer": {"display": training.provider},
                }
            )
        )
    return found


def practitioner(therapist, base):
    practitioner_id, _ = ids_of(therapist)
    given, family = split_name(therapist.name)
    identifiers = [{"system": f"{base}sid/listing", "value": therapist.slug}]
    if therapist.npi:
        identifiers.insert(0, {"system": NPI_SYSTEM, "value": therapist.npi})
    return compact(
        {
            "resourceType": "Practitioner",
            "id": practitioner_id,
            "meta": meta(therapist.updated_at),
            "identifier": identifiers,
            "active": True,
            "name": [compact({"text": therapist.name, "family": family, "given": given})],
            "qualification": qualifications(therapist, base),
            "communication": [
                concept(LANGUAGE_SYSTEM, language.code, language.name, language.name)
                for language in therapist.languages.all()
            ],
        }
    )


def telecom(therapist):
    points = [("phone", therapist.phone), ("email", therapist.email),
              ("url", therapist.booking_url or therapist.website)]  # fmt: skip
    return [{"system": system, "value": value} for system, value in points if value]


def newpatients(therapist):
    """The newpatients extension, or None when accepting status is not fresh."""
    if not therapist.accepting_is_fresh():
        return None
    parts = [
        {
            "url": "acceptingPatients",
            "valueCodeableConcept": concept(
                f"{PN_CS}AcceptingPatientsCS", ACCEPTING[therapist.accepting]
            ),
        }
    ]
    if therapist.accepting == Accepting.WAITLIST:
        parts.append({"url": "characteristics", "valueString": "waitlist"})
    return {"url": f"{PN_EXT}newpatients", "extension": parts}


def roles(therapist):
    """(role id, network id or None) for each PractitionerRole: one per in-network plan."""
    plans = list(therapist.insurance_plans.all())
    if not plans:
        return [(ids.role_id(therapist.slug), None)]
    return [
        (
            ids.role_id(therapist.slug, (plan.insurer.slug, plan.slug)),
            ids.plan_id(plan.insurer.slug, plan.slug),
        )
        for plan in plans
    ]


def practitioner_role(therapist, role_id, network_id):
    practitioner_id, service_id = ids_of(therapist)
    code, display = sources.NUCC[therapist.profession]
    organisations = list(therapist.organisations.all())
    extensions = [newpatients(therapist)]
    if network_id:
        extensions.append(
            {"url": f"{PN_EXT}network-reference",
             "valueReference": reference("Organization", network_id)}
        )  # fmt: skip
    return compact(
        {
            "resourceType": "PractitionerRole",
            "id": role_id,
            "meta": meta(therapist.updated_at),
            "extension": [e for e in extensions if e],
            "active": True,
            "practitioner": reference("Practitioner", practitioner_id, therapist.name),
            "organization": reference(
                "Organization", ids.organisation_id(organisations[0].slug), organisations[0].name
            )
            if organisations
            else None,
            "code": [
                concept(
                    f"{PN_CS}ProviderRoleCS", "bh", "Behavioral Health & Social Service Providers"
                )
            ],  # fmt: skip
            "specialty": [concept(sources.NUCC_SYSTEM, code, display)],
            "location": [
                reference("Location", ids.office_id(office, therapist.slug))
                for office in therapist.locations.all()
            ],
            "healthcareService": [reference("HealthcareService", service_id)],
            "telecom": telecom(therapist),
        }
    )


def address(place):
    return compact(
        {
            "line": [place.street] if place.street else None,
            "city": place.city,
            "state": place.state,
            "postalCode": place.postal_code,
            "country": place.country,
        }
    )


def location(office, therapist):
    extensions = []
    if office.wheelchair == Wheelchair.YES:
        extensions.append(
            {
                "url": f"{PN_EXT}accessibility",
                "valueCodeableConcept": concept(
                    f"{PN_CS}AccessibilityCS", "handiaccess", "handicap accessible"
                ),
            }
        )
    position = None
    if office.latitude is not None:
        position = {"longitude": float(office.longitude), "latitude": float(office.latitude)}
    return compact(
        {
            "resourceType": "Location",
            "id": ids.office_id(office, therapist.slug),
            "meta": meta(therapist.updated_at),
            "extension": extensions,
            "status": "active",
            "name": office.label or office.one_line,
            "address": address(office),
            "position": position,
        }
    )


def delivery_methods(therapist):
    methods = []
    if therapist.locations.all():
        methods.append([("type", concept(f"{PN_CS}DeliveryMethodCS", "physical"))])
    modes = [m for m, on in (("video", therapist.telehealth_video),
                             ("phone", therapist.telehealth_phone)) if on]  # fmt: skip
    if modes:
        methods.append(
            [("type", concept(f"{PN_CS}DeliveryMethodCS", "virtual"))]
            + [("virtualModalities", concept(f"{PN_CS}VirtualModalitiesCS", m)) for m in modes]
        )
    return [
        {
            "url": f"{PN_EXT}delivery-method",
            "extension": [{"url": url, "valueCodeableConcept": value} for url, value in parts],
        }
        for parts in methods
    ]


def healthcare_service(therapist, base):
    _, service_id = ids_of(therapist)
    code, display = sources.NUCC[therapist.profession]
    organisations = list(therapist.organisations.all())
    comment = "\n\n".join(t for t in (therapist.bio, therapist.approach) if t)
    characteristics = [
        concept(f"{base}CodeSystem/{key}", natural_key, name)
        for key, natural_key, name, _, _ in sources.listing_terms(therapist)
        if key not in {"profession", "insurance"}
    ]
    return compact(
        {
            "resourceType": "HealthcareService",
            "id": service_id,
            "meta": meta(therapist.updated_at),
            "extension": [e for e in [newpatients(therapist), *delivery_methods(therapist)] if e],
            "active": True,
            "providedBy": reference("Organization", ids.organisation_id(organisations[0].slug))
            if organisations
            else None,
            "category": [
                concept(f"{PN_CS}HealthcareServiceCategoryCS", "behav", "Behavioral Health")
            ],  # fmt: skip
            "type": [{"text": "Interpersonal Psychotherapy (IPT)"}],
            "specialty": [concept(sources.NUCC_SYSTEM, code, display)],
            "location": [
                reference("Location", ids.office_id(office, therapist.slug))
                for office in therapist.locations.all()
            ],
            "name": f"Interpersonal Psychotherapy with {therapist.name}",
            "comment": comment,
            "telecom": telecom(therapist),
            "characteristic": characteristics,
            "communication": [
                concept(LANGUAGE_SYSTEM, language.code, language.name)
                for language in therapist.languages.all()
            ],
        }
    )


def organization(organisation):
    code, display = ORG_TYPES[organisation.kind]
    points = [("phone", organisation.phone), ("url", organisation.website)]
    return compact(
        {
            "resourceType": "Organization",
            "id": ids.organisation_id(organisation.slug),
            "meta": meta(organisation.updated_at),
            "active": True,
            "type": [concept(f"{PN_CS}OrgTypeCS", code, display)],
            "name": organisation.name,
            "telecom": [{"system": s, "value": v} for s, v in points if v],
            "address": [address(organisation)],
        }
    )


def payer(insurer):
    return {
        "resourceType": "Organization",
        "id": ids.insurer_id(insurer.slug),
        "active": True,
        "type": [concept(f"{PN_CS}OrgTypeCS", "payer", "Payer")],
        "name": insurer.name,
        "address": [{"country": "US"}],
    }


def network(plan):
    return {
        "resourceType": "Organization",
        "id": ids.plan_id(plan.insurer.slug, plan.slug),
        "active": True,
        "type": [concept(f"{PN_CS}OrgTypeCS", "ntwk", "Network")],
        "name": f"{plan} network",
        "partOf": reference("Organization", ids.insurer_id(plan.insurer.slug), plan.insurer.name),
        "address": [{"country": "US"}],
    }


def insurance_plan(plan):
    owner = reference("Organization", ids.insurer_id(plan.insurer.slug), plan.insurer.name)
    return {
        "resourceType": "InsurancePlan",
        "id": ids.insurance_plan_id(plan.insurer.slug, plan.slug),
        "status": "active",
        "type": [{"text": "Health insurance plan"}],
        "name": str(plan),
        "ownedBy": owner,
        "administeredBy": owner,
        "network": [reference("Organization", ids.plan_id(plan.insurer.slug, plan.slug))],
    }
