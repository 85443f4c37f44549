import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipt_finder.directory.interop import ids, sources
from ipt_finder.directory.models import Therapist
from tests import factories
from tests.interop_data import IDENTITY_STRINGS, full_listing, unpublished_listings
from tests.interop_validation import nulls, validate_hsds, validate_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_id_index():
    ids.forget()


BASE = "/api/hsds"


def get(client, path, status=200, **params):
    response = client.get(f"{BASE}{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert not nulls(data)
    return data


def test_index_names_the_version_and_the_openapi_document(client):
    data = get(client, "/")
    assert data["version"] == "3.0"
    openapi = get(client, "/openapi.json")
    assert openapi["openapi"].startswith("3.")
    assert {"/services", "/services/{id}", "/organizations"} <= set(openapi["paths"])
    assert data["openapi_url"].endswith("/api/hsds/openapi.json")


def test_service_list_validates_and_counts_only_published_listings(client):
    full_listing()
    factories.TherapistFactory(name="Ann Other")
    unpublished_listings()
    data = get(client, "/services")
    validate_page(data, "compiled/service_list.json")
    assert data["total_items"] == Therapist.objects.published().count() == 2
    names = [item["name"] for item in data["contents"]]
    assert not any("Hidden" in name for name in names)
    assert data["first_page"] and data["last_page"] and not data["empty"]


def test_full_service_validates_and_carries_the_listing(client):
    therapist = full_listing()
    service_id = ids.therapist_id(therapist.slug)
    data = get(client, f"/services/{service_id}")
    validate_hsds(data, "service.json")
    assert data["id"] == service_id and data["status"] == "active"
    assert {language["code"] for language in data["languages"]} == {"en", "es"}
    kinds = sorted(sal["location"]["location_type"] for sal in data["service_at_locations"])
    assert kinds == ["physical", "physical", "virtual"]
    downtown = next(s["location"] for s in data["service_at_locations"]
                    if s["location"].get("name") == "Downtown")  # fmt: skip
    assert downtown["latitude"] == 42.65 and downtown["addresses"][0]["country"] == "US"
    assert downtown["accessibility"][0]["description"] == "Wheelchair accessible"
    troy = next(s["location"] for s in data["service_at_locations"]
                if s["location"].get("name") == "Troy, NY")  # fmt: skip
    assert "addresses" not in troy  # no street: no address rather than an empty one
    amounts = sorted(option["amount"] for option in data["cost_options"])
    assert amounts == [40, 150]
    codes = {a["taxonomy_term"].get("code") for a in data["attributes"]}
    assert "1041C0700X" in codes
    assert data["application_process"].startswith("Waitlist")


def test_identity_fields_are_never_exported(client):
    therapist = full_listing()
    body = client.get(f"{BASE}/services/{ids.therapist_id(therapist.slug)}").content.decode()
    body += client.get(f"{BASE}/services").content.decode()
    for text in IDENTITY_STRINGS:
        assert text not in body


@pytest.mark.parametrize("status", ["draft", "pending", "suspended"])
def test_unpublished_listing_reads_are_404(client, status):
    therapist = factories.TherapistFactory(status=status)
    data = get(client, f"/services/{ids.therapist_id(therapist.slug)}", status=404)
    assert "error" in data
    therapist.status = "published"
    therapist.save()
    get(client, f"/services/{ids.therapist_id(therapist.slug)}")


def test_ids_survive_a_reload(client):
    therapist = factories.TherapistFactory(slug="ruth-schwartz")
    first = get(client, "/services")["contents"][0]["id"]
    therapist.delete()
    factories.TherapistFactory(slug="ruth-schwartz")
    assert get(client, "/services")["contents"][0]["id"] == first
    assert first == str(uuid.uuid5(ids.NAMESPACE, "therapist:ruth-schwartz"))


def test_paging(client):
    for name in ["Ann", "Bea", "Cy"]:
        factories.TherapistFactory(name=name)
    data = get(client, "/services", per_page=2, page=2)
    validate_page(data, "compiled/service_list.json")
    assert (data["total_items"], data["total_pages"], data["page_number"], data["size"]) == (
        3, 2, 2, 1)  # fmt: skip
    assert data["last_page"] and not data["first_page"]
    beyond = get(client, "/services", per_page=2, page=9)
    assert beyond["contents"] == [] and beyond["size"] == 0


def test_filters(client):
    therapist = full_listing()
    other = factories.TherapistFactory(name="Ann Other", bio="Grief work.")
    everyone = {ids.therapist_id(therapist.slug), ids.therapist_id(other.slug)}

    def found(**params):
        return {item["id"] for item in get(client, "/services", **params)["contents"]}

    assert found() == everyone
    assert found(search="grief") == {ids.therapist_id(other.slug)}
    depression = sources.term_id("conditions", "depression")
    assert found(taxonomy_term_id=depression) == {ids.therapist_id(therapist.slug)}
    lcsw = sources.term_id("profession", "social_worker")
    assert found(taxonomy_term_id=lcsw) == everyone
    assert found(taxonomy_term_id=str(uuid.uuid4())) == set()
    organisation = therapist.organisations.get()
    assert found(organization_id=ids.organisation_id(organisation.slug)) == {
        ids.therapist_id(therapist.slug)
    }
    Therapist.objects.filter(pk=other.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert found(modified_after=since) == {ids.therapist_id(therapist.slug)}
    assert found(modified_after=since[:10], search="grief") == set()


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"taxonomy_term_id": "depression"}, "taxonomy_term_id"),
        ({"organization_id": "1"}, "organization_id"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"modified_after": "2026-13-45"}, "modified_after"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, params, parameter):
    data = get(client, "/services", status=400, **params)
    assert data["parameter"] == parameter and parameter in data["error"]


def test_unknown_service_is_404(client):
    get(client, f"/services/{uuid.uuid4()}", status=404)
    get(client, "/services/not-a-uuid", status=404)


def test_organizations_validate(client):
    therapist = full_listing()
    factories.OrganisationFactory(name="Nobody Works Here")
    data = get(client, "/organizations")
    validate_page(data, "compiled/organization_list.json")
    assert [item["name"] for item in data["contents"]] == [therapist.organisations.get().name]
    detail = get(client, f"/organizations/{data['contents'][0]['id']}")
    validate_hsds(detail, "organization.json")
    assert detail["phones"][0]["number"] == "518-555-0199"
    assert detail["locations"][0]["addresses"][0]["address_1"] == "1 Main St"


def test_organization_of_unpublished_listings_only_is_404(client):
    therapist = factories.TherapistFactory(status="draft")
    organisation = factories.OrganisationFactory()
    therapist.organisations.set([organisation])
    get(client, f"/organizations/{ids.organisation_id(organisation.slug)}", status=404)
    assert get(client, "/organizations")["total_items"] == 0


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_list_query_counts_are_constant(client):
    full_listing()
    few = queries(client, f"{BASE}/services"), queries(client, f"{BASE}/organizations")
    for n in range(5):
        full_listing(name=f"Listing {n}", npi="", slug=f"listing-{n}")
    many = queries(client, f"{BASE}/services"), queries(client, f"{BASE}/organizations")
    assert few == many
    assert few[0] <= 6


def test_etag_gives_304(client):
    factories.TherapistFactory()
    response = client.get(f"{BASE}/services")
    again = client.get(f"{BASE}/services", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_read_only(client):
    response = client.post(f"{BASE}/services")
    assert response.status_code == 405 and response.json()["error"]


def test_export_never_shows_more_than_the_profile(client):
    therapist = full_listing(curator_notes="Private note XYZ", review_reason="Reason QRS")
    data = client.get(f"{BASE}/services/{ids.therapist_id(therapist.slug)}").json()
    text = json.dumps(data)
    assert "XYZ" not in text and "QRS" not in text and "Unverified licence" not in text


def test_unknown_ids_do_not_rebuild_the_id_index(client):
    therapist = factories.TherapistFactory()
    get(client, f"/services/{uuid.uuid4()}", status=404)
    with CaptureQueriesContext(connection) as captured:
        get(client, f"/services/{uuid.uuid4()}", status=404)
    assert len(captured) == 1  # the data stamp, which tells whether anything changed
    newcomer = factories.TherapistFactory(name="Newcomer")
    assert get(client, f"/services/{ids.therapist_id(newcomer.slug)}")["name"].startswith("New")
    therapist.status = "suspended"
    therapist.save()
    get(client, f"/services/{ids.therapist_id(therapist.slug)}", status=404)
