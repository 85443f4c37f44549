import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipt_finder.directory.interop import fhir, ids
from ipt_finder.directory.models import Therapist
from tests import factories
from tests.interop_data import IDENTITY_STRINGS, VALID_NPI, full_listing, unpublished_listings
from tests.interop_validation import validate_fhir

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_id_index():
    ids.forget()


NUCC = "http://nucc.org/provider-taxonomy"


def get(client, path, status=200, **params):
    response = client.get(f"/fhir/{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/fhir+json"
    data = response.json()
    validate_fhir(data)
    if status >= 400:
        assert data["resourceType"] == "OperationOutcome"
    return data


def resources(bundle, mode="match"):
    return [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]


def extension(resource, name):
    return [e for e in resource.get("extension", []) if e["url"] == f"{fhir.PN_EXT}{name}"]


def assert_plan_net(resource):
    """The Plan-Net 1.2.0 and US Core rules fhir.resources does not check (INTEROP.md §4)."""
    kind = resource["resourceType"]
    if kind in {"Practitioner", "PractitionerRole", "Organization", "HealthcareService"}:
        assert resource["active"] is True
    if kind == "Practitioner":
        assert resource["identifier"] and all(i["system"] and i["value"]
                                              for i in resource["identifier"])  # fmt: skip
        assert resource["name"][0]["family"]
        for qualification in resource.get("qualification", []):
            assert qualification["code"]
            (status,) = [e for e in extension(qualification, "practitioner-qualification")[0]
                         ["extension"] if e["url"] == "status"]  # fmt: skip
            assert status["valueCode"] == "active"
    if kind == "PractitionerRole":
        assert resource["practitioner"]["reference"].startswith("Practitioner/")
        assert resource.get("telecom")  # US Core pd-1
        assert all(t["system"] and t["value"] for t in resource["telecom"])
        assert len(extension(resource, "network-reference")) <= 1
        assert all(c["coding"][0]["system"] == NUCC for c in resource["specialty"])
    if kind == "Location":
        assert resource["name"] and resource["status"] == "active" and "mode" not in resource
    if kind == "Organization":
        assert resource["name"] and resource["address"] and resource["type"]
        if resource["type"][0]["coding"][0]["code"] == "ntwk":
            assert resource["partOf"]
    if kind == "HealthcareService":
        assert resource["category"][0]["coding"][0]["code"] == "behav"
    if kind == "InsurancePlan":
        assert resource["status"] == "active" and resource["type"]
        assert resource["ownedBy"] and resource["administeredBy"] and resource["network"]


def test_capability_statement(client):
    data = get(client, "metadata")
    assert data["fhirVersion"] == "4.0.1" and data["kind"] == "instance"
    assert data["implementation"]["url"].endswith("/fhir")
    types = {r["type"] for r in data["rest"][0]["resource"]}
    assert {"Practitioner", "PractitionerRole", "Location", "Organization",
            "HealthcareService", "InsurancePlan"} <= types  # fmt: skip


@pytest.mark.parametrize(
    "resource_type",
    ["Practitioner", "PractitionerRole", "Location", "Organization", "HealthcareService",
     "InsurancePlan"],
)  # fmt: skip
def test_every_resource_validates_and_reads_back(client, resource_type):
    full_listing()
    unpublished_listings()
    bundle = get(client, resource_type)
    assert bundle["type"] == "searchset" and bundle["total"] == len(bundle["entry"]) > 0
    for resource in resources(bundle):
        assert_plan_net(resource)
        assert get(client, f"{resource_type}/{resource['id']}") == resource
    text = str(bundle)
    assert not any(word in text for word in IDENTITY_STRINGS)
    assert "Hidden" not in text


def test_practitioner_counts_only_published_listings(client):
    full_listing()
    factories.TherapistFactory(name="Ann Other")
    hidden = unpublished_listings()
    bundle = get(client, "Practitioner")
    assert bundle["total"] == Therapist.objects.published().count() == 2
    for therapist in hidden:
        get(client, f"Practitioner/{ids.therapist_id(therapist.slug)}", status=404)


def test_only_verified_unexpired_credentials_are_qualifications(client):
    therapist = full_listing()
    practitioner = get(client, f"Practitioner/{ids.therapist_id(therapist.slug)}")
    texts = [q["code"].get("text") for q in practitioner["qualification"]]
    assert "Licensed Clinical Social Worker" in texts
    assert "Unverified licence" not in texts and "Expired licence" not in texts
    licence = practitioner["qualification"][texts.index("Licensed Clinical Social Worker")]
    assert licence["code"]["coding"][0] == {"system": NUCC, "code": "1041C0700X",
                                            "display": "Clinical Social Worker"}  # fmt: skip
    where = extension(licence, "practitioner-qualification")[0]["extension"][1]
    assert where["valueCodeableConcept"]["coding"][0]["code"] == "NY"
    degree = practitioner["qualification"][texts.index("PhD, Psychology")]
    assert degree["code"]["coding"][0]["code"] == "PHD"
    assert {"system": fhir.NPI_SYSTEM, "value": VALID_NPI} in practitioner["identifier"]
    assert practitioner["name"][0]["family"] == "Schwartz"
    assert practitioner["name"][0]["given"] == ["Ruth", "A."]
    codes = [c["coding"][0]["code"] for c in practitioner["communication"]]
    assert codes == ["en", "es"]


def test_newpatients_only_when_confirmed_recently(client):
    fresh = factories.TherapistFactory(name="Fresh")
    stale = factories.TherapistFactory(
        name="Stale", accepting_confirmed_on=timezone.localdate() - datetime.timedelta(days=91)
    )
    waitlist = factories.TherapistFactory(name="Waits", accepting="waitlist")
    closed = factories.TherapistFactory(name="Closed", accepting="no")

    def newpatients(therapist):
        bundle = get(client, "PractitionerRole", practitioner=ids.therapist_id(therapist.slug))
        found = extension(resources(bundle)[0], "newpatients")
        return {e["url"]: e for e in found[0]["extension"]} if found else None

    accepting = newpatients(fresh)["acceptingPatients"]["valueCodeableConcept"]["coding"][0]
    assert accepting["code"] == "newpt"
    assert newpatients(stale) is None
    assert newpatients(waitlist)["characteristics"]["valueString"] == "waitlist"
    closed_parts = newpatients(closed)
    assert closed_parts["acceptingPatients"]["valueCodeableConcept"]["coding"][0]["code"] == "nopt"
    assert "characteristics" not in closed_parts


def test_one_role_per_network(client):
    therapist = factories.TherapistFactory()
    plans = [factories.InsurancePlanFactory(), factories.InsurancePlanFactory()]
    therapist.insurance_plans.set(plans)
    bundle = get(client, "PractitionerRole", practitioner=f"Practitioner/{ids.therapist_id(therapist.slug)}",
                 _include="PractitionerRole:network")  # fmt: skip
    roles = resources(bundle)
    assert bundle["total"] == 2
    networks = {extension(r, "network-reference")[0]["valueReference"]["reference"] for r in roles}
    assert networks == {f"Organization/{ids.plan_id(p.insurer.slug, p.slug)}" for p in plans}
    included = resources(bundle, "include")
    assert {r["type"][0]["coding"][0]["code"] for r in included} == {"ntwk"}
    one = get(client, "PractitionerRole", network=ids.plan_id(plans[0].insurer.slug, plans[0].slug))
    assert one["total"] == 1


def test_practitioner_searches(client):
    ruth = full_listing()
    ann = factories.TherapistFactory(name="Ann Other", profession="psychologist",
                                     licence_type="psychologist")  # fmt: skip

    def found(resource_type="Practitioner", **params):
        return {r["id"] for r in resources(get(client, resource_type, **params))}

    ruth_id, ann_id = ids.therapist_id(ruth.slug), ids.therapist_id(ann.slug)
    assert found(name="schw") == {ruth_id}
    assert found(name="ann") == {ann_id}
    assert found(name="nn") == set()
    assert found(identifier=f"{fhir.NPI_SYSTEM}|{VALID_NPI}") == {ruth_id}
    assert found(identifier=VALID_NPI) == {ruth_id}
    assert found(identifier="http://example.org|x") == set()
    assert found(_id=ann_id) == {ann_id}
    Therapist.objects.filter(pk=ann.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=9)
    )
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert found(_lastUpdated=f"ge{week_ago}") == {ruth_id}
    assert found(_lastUpdated=f"lt{week_ago}") == {ann_id}

    def practitioners_of_roles(**params):
        return {r["practitioner"]["reference"].split("/")[1]
                for r in resources(get(client, "PractitionerRole", **params))}  # fmt: skip

    assert practitioners_of_roles(specialty=f"{NUCC}|103T00000X") == {ann_id}
    assert practitioners_of_roles(specialty="1041C0700X") == {ruth_id}
    assert practitioners_of_roles(**{"location.address-city": "albany"}) == {ruth_id}
    office = ruth.locations.first()
    assert practitioners_of_roles(location=f"Location/{ids.office_id(office, ruth.slug)}") == {
        ruth_id
    }
    assert practitioners_of_roles(location=str(uuid.uuid4())) == set()
    assert found("Location", **{"address-city": "Troy"}) == {
        ids.office_id(ruth.locations.last(), ruth.slug)
    }


def test_include_practitioner_and_revinclude(client):
    therapist = full_listing()
    bundle = get(client, "PractitionerRole", _include="PractitionerRole:practitioner")
    included = resources(bundle, "include")
    assert [r["id"] for r in included] == [ids.therapist_id(therapist.slug)]
    bundle = get(client, "Practitioner", _revinclude="PractitionerRole:practitioner")
    assert [r["resourceType"] for r in resources(bundle, "include")] == ["PractitionerRole"]


def test_paging_links(client):
    for name in ["Ann", "Bea", "Cy"]:
        factories.TherapistFactory(name=name)
    first = get(client, "Practitioner", _count=2)
    assert first["total"] == 3 and len(first["entry"]) == 2
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert "previous" not in links
    second = client.get(links["next"]).json()
    assert [e["resource"]["name"][0]["text"] for e in second["entry"]] == ["Cy"]
    assert {link["relation"] for link in second["link"]} == {"self", "previous"}


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("Practitioner", {"_count": "0"}, 400),
        ("Practitioner", {"_format": "xml"}, 400),
        ("Practitioner", {"_count": "many"}, 400),
        ("Practitioner", {"_count": "1000"}, 400),
        ("Practitioner", {"colour": "blue"}, 400),
        ("Practitioner", {"_lastUpdated": "xx2026"}, 400),
        ("Practitioner", {"_lastUpdated": "ge2026-99-01"}, 400),
        ("Practitioner", {"_include": "PractitionerRole:practitioner"}, 400),
        ("PractitionerRole", {"_include": "PractitionerRole:endpoint"}, 400),
        ("PractitionerRole", {"practitioner": "Patient/1"}, 400),
        ("Patient", {}, 404),
        ("Practitioner/not-an-id", {}, 404),
        (f"Practitioner/{uuid.uuid4()}", {}, 404),
        (f"Location/{uuid.uuid4()}", {}, 404),
        (f"InsurancePlan/{uuid.uuid4()}", {}, 404),
    ],
)
def test_errors_are_operation_outcomes(client, path, params, status):
    get(client, path, status=status, **params)


def test_writes_are_refused_with_an_operation_outcome(client):
    response = client.post("/fhir/Practitioner", {})
    assert response.status_code == 405
    assert response.json()["resourceType"] == "OperationOutcome"


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


PATHS = ["/fhir/Practitioner", "/fhir/PractitionerRole?_include=PractitionerRole:practitioner",
         "/fhir/HealthcareService", "/fhir/Location", "/fhir/Organization", "/fhir/InsurancePlan"]  # fmt: skip


def test_search_query_counts_are_constant(client):
    full_listing()
    few = [queries(client, path) for path in PATHS]
    for n in range(4):
        full_listing(name=f"Listing {n}", npi="", slug=f"listing-{n}")
    assert [queries(client, path) for path in PATHS] == few


def test_roles_page_and_count_across_networks(client):
    ann = factories.TherapistFactory(name="Ann")
    ann.insurance_plans.set([factories.InsurancePlanFactory(), factories.InsurancePlanFactory()])
    factories.TherapistFactory(name="Bea")
    factories.TherapistFactory(name="Cy", status="draft").insurance_plans.set(
        [factories.InsurancePlanFactory()]
    )
    first = get(client, "PractitionerRole", _count=2)
    second = get(client, "PractitionerRole", _count=2, _page=2)
    assert first["total"] == second["total"] == 3
    names = [r["practitioner"]["display"] for r in resources(first) + resources(second)]
    assert names == ["Ann", "Ann", "Bea"]
    assert len({r["id"] for r in resources(first) + resources(second)}) == 3
