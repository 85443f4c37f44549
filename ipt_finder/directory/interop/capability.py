"""The FHIR server's CapabilityStatement: what it reads and searches."""

from .fhir import FHIR_VERSION, PLAN_NET

RELEASED = "2026-12-02"
COMMON = [("_id", "token"), ("_lastUpdated", "date")]
RESOURCES = {
    "Practitioner": [("name", "string"), ("family", "string"), ("given", "string"),
                     ("identifier", "token")],
    "PractitionerRole": [("practitioner", "reference"), ("specialty", "token"),
                         ("location", "reference"), ("location.address-city", "string"),
                         ("location.address-state", "string"), ("organization", "reference"),
                         ("service", "reference"), ("network", "reference"), ("role", "token")],
    "HealthcareService": [("name", "string"), ("specialty", "token"),
                          ("service-category", "token")],
    "Location": [("address", "string"), ("address-city", "string"), ("address-state", "string"),
                 ("address-postalcode", "string")],
    "Organization": [("name", "string"), ("type", "token"), ("partof", "reference")],
    "InsurancePlan": [("name", "string"), ("owned-by", "reference"),
                      ("administered-by", "reference")],
}  # fmt: skip
PROFILES = {
    "Practitioner": "plannet-Practitioner",
    "PractitionerRole": "plannet-PractitionerRole",
    "HealthcareService": "plannet-HealthcareService",
    "Location": "plannet-Location",
    "Organization": "plannet-Organization",
    "InsurancePlan": "plannet-InsurancePlan",
}
INCLUDES = {
    "PractitionerRole": [f"PractitionerRole:{name}" for name in
                         ("practitioner", "location", "organization", "service", "network")],
}  # fmt: skip


def resource(resource_type):
    entry = {
        "type": resource_type,
        "profile": f"{PLAN_NET}/StructureDefinition/{PROFILES[resource_type]}",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            {"name": name, "type": kind} for name, kind in [*COMMON, *RESOURCES[resource_type]]
        ],
    }
    if resource_type in INCLUDES:
        entry["searchInclude"] = INCLUDES[resource_type]
    if resource_type == "Practitioner":
        entry["searchRevInclude"] = ["PractitionerRole:practitioner"]
    return entry


def statement(base):
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": RELEASED,
        "publisher": "IPT Finder",
        "kind": "instance",
        "instantiates": [f"{PLAN_NET}/CapabilityStatement/plan-net"],
        "implementation": {
            "description": "IPT Finder's published listings, read-only",
            "url": base.rstrip("/"),
        },
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only; no login. Only published listings appear.",
                "resource": [resource(name) for name in RESOURCES],
            }
        ],
    }
