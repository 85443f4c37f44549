"""The FHIR R4 read and search API (Plan-Net 1.2.0): GET only, no login, published only."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ipt_finder.directory.choices import Status
from ipt_finder.directory.models import InsurancePlan, Insurer, Location, Therapist

from . import api, capability, fhir, ids, sources
from .fhir_search import NotFound, last_updated, local_id, name_q, resolved, starts_any_word, token

CONTENT_TYPE = "application/fhir+json"
FORMATS = {"json", "application/json", CONTENT_TYPE}
DEFAULT_COUNT = 20
MAX_COUNT = 100
OFFICE_KEY = ["therapist__slug", "label", "street", "city", "state", "postal_code"]
LOCATION_FIELDS = ["label", "street", "city", "state", "postal_code", "country", "latitude",
                   "longitude", "wheelchair"]  # fmt: skip
COMMON = ["_count", "_page", "_id", "_lastUpdated", "_format", "_include", "_revinclude"]


def outcome(request, status, code, message):
    data = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": message}],
    }
    return api.respond(request, data, status=status, content_type=CONTENT_TYPE)


@method_decorator(csrf_exempt, name="dispatch")
class FHIRView(View):
    http_method_names = ["get", "head"]

    def get(self, request, **kwargs):
        self.base = request.build_absolute_uri(reverse("interop:fhir-metadata"))[: -len("metadata")]
        try:
            if request.GET.get("_format", "json") not in FORMATS:
                raise api.BadParameter("_format", "This server speaks JSON only (_format=json).")
            data = self.build(request, **kwargs)
        except api.BadParameter as bad:
            return outcome(request, 400, "invalid", bad.message)
        except Http404 as missing:
            return outcome(request, 404, "not-found", str(missing))
        return api.respond(request, data, content_type=CONTENT_TYPE)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = outcome(request, 405, "not-supported", "This server is read-only.")
        response.headers["Allow"] = "GET, HEAD"
        return response


class MetadataView(FHIRView):
    def build(self, request):
        return capability.statement(self.base)


class Resources:
    """Finds and builds the resources of one type; subclasses per resource type."""

    params = []
    includes = {}

    def __init__(self, base):
        self.base = base

    def search(self, params, number, size):
        """(total, resources on the page, included resources)."""
        raise NotImplementedError

    def read(self, params):
        _, found, _ = self.search(params, 1, 1)
        if not found:
            raise NotFound
        return found[0]

    def page_of(self, queryset, number, size):
        page = api.Page(queryset, number, size)
        return page.total, page.rows


class ListingResources(Resources):
    """Resources made from published listings, one or more each."""

    def search(self, params, number, size):
        queryset = sources.listings().filter(last_updated(params))
        if params.get("_id"):
            queryset = queryset.filter(slug=resolved(params["_id"], self.kind))
        total, therapists = self.page_of(self.filter(params, queryset), number, size)
        return total, [self.build(t) for t in therapists], self.included(params, therapists)

    def filter(self, params, queryset):
        return queryset

    def included(self, params, therapists):
        return []


def specialty_q(params):
    system, code = token(params, "specialty")
    if system not in (None, sources.NUCC_SYSTEM):
        return Q(pk__in=[])
    professions = [p for p, (nucc, _) in sources.NUCC.items() if nucc == code]
    return Q(profession__in=professions)


class Practitioners(ListingResources):
    type, kind = "Practitioner", "therapist"
    params = ["name", "family", "given", "identifier"]

    def filter(self, params, queryset):
        for name in ("name", "family", "given"):
            if params.get(name):
                queryset = queryset.filter(name_q(params[name]))
        if params.get("identifier"):
            system, value = token(params, "identifier")
            if system == fhir.NPI_SYSTEM:
                queryset = queryset.filter(npi=value)
            elif system == f"{self.base}sid/listing":
                queryset = queryset.filter(slug=value)
            elif system is None:
                queryset = queryset.filter(Q(npi=value) | Q(slug=value))
            else:
                queryset = queryset.none()
        return queryset

    def build(self, therapist):
        return fhir.practitioner(therapist, self.base)

    def included(self, params, therapists):
        if params.get("_revinclude") != "PractitionerRole:practitioner":
            return []
        return [fhir.practitioner_role(t, *role) for t in therapists for role in fhir.roles(t)]


class HealthcareServices(ListingResources):
    type, kind = "HealthcareService", "healthcareservice"
    params = ["specialty", "service-category", "name"]

    def filter(self, params, queryset):
        if params.get("specialty"):
            queryset = queryset.filter(specialty_q(params))
        if params.get("name"):
            queryset = queryset.filter(name_q(params["name"]))
        category = token(params, "service-category")[1]
        if category and category != "behav":
            queryset = queryset.none()
        return queryset

    def build(self, therapist):
        return fhir.healthcare_service(therapist, self.base)


class PractitionerRoles(Resources):
    """One role per listing and in-network plan (Plan-Net allows one network a role)."""

    type = "PractitionerRole"
    params = ["practitioner", "specialty", "location", "location.address-city",
              "location.address-state", "organization", "service", "network", "role"]  # fmt: skip
    includes = {"practitioner", "location", "organization", "service", "network"}

    def listings(self, params):
        queryset = Therapist.objects.published().filter(last_updated(params))
        if params.get("_id"):
            queryset = queryset.filter(slug=resolved(params["_id"], "role"))
        if params.get("practitioner"):
            practitioner = local_id(params, "practitioner", ["Practitioner"])
            queryset = queryset.filter(slug=resolved(practitioner, "therapist"))
        if params.get("service"):
            service = local_id(params, "service", ["HealthcareService"])
            queryset = queryset.filter(slug=resolved(service, "healthcareservice"))
        if params.get("location"):
            office = resolved(local_id(params, "location", ["Location"]), "office")
            queryset = queryset.filter(slug=office[0])
        if params.get("organization"):
            organisation = local_id(params, "organization", ["Organization"])
            queryset = queryset.filter(organisations__slug=resolved(organisation, "organisation"))
        for name, field in (("location.address-city", "city"), ("location.address-state", "state")):
            if params.get(name):
                offices = Location.objects.filter(
                    therapist=OuterRef("pk"), **{f"{field}__iexact": params[name]}
                )
                queryset = queryset.filter(Exists(offices))
        if params.get("specialty"):
            queryset = queryset.filter(specialty_q(params))
        if params.get("role") and token(params, "role")[1] != "bh":
            queryset = queryset.none()
        return queryset.order_by("name", "id")

    def keys(self, params, number, size):
        """(total, [(listing pk, role id, plan key or None)] up to the end of page `number`).

        Each listing has at least one role, so the first number * size listings are enough.
        """
        listings = self.listings(params)
        memberships = Therapist.insurance_plans.through.objects.filter(therapist__in=listings)
        network = None
        if params.get("network"):
            network = resolved(local_id(params, "network", ["Organization"]), "plan")
            insurer, plan = network
            memberships = memberships.filter(
                insuranceplan__insurer__slug=insurer, insuranceplan__slug=plan
            )
            listings = listings.filter(Exists(memberships.filter(therapist=OuterRef("pk"))))
        rows = list(listings.values_list("pk", "slug")[: number * size])
        plans = defaultdict(list)
        page_memberships = (
            memberships.filter(therapist__in=[pk for pk, _ in rows])
            .order_by("insuranceplan__insurer__name", "insuranceplan__name")
            .values_list("therapist_id", "insuranceplan__insurer__slug", "insuranceplan__slug")
        )
        for pk, *plan_key in page_memberships:
            plans[pk].append(tuple(plan_key))
        keys = [
            (pk, ids.role_id(slug, plan_key or ()), plan_key)
            for pk, slug in rows
            for plan_key in plans[pk] or [None]
        ]
        if params.get("_id"):
            keys = [key for key in keys if key[1] == ids.parse(params["_id"])]
            return len(keys), keys
        if network:
            return memberships.count(), keys
        with_plans = listings.filter(Exists(memberships.filter(therapist=OuterRef("pk"))))
        return listings.count() - with_plans.count() + memberships.count(), keys

    def search(self, params, number, size):
        total, keys = self.keys(params, number, size)
        page = keys[(number - 1) * size : number * size]
        loaded = {t.pk: t for t in sources.listings().filter(pk__in={pk for pk, _, _ in page})}
        found, included = [], []
        wanted = {value.split(":", 1)[1] for value in params.getlist("_include")}
        for pk, role_id, plan_key in page:
            therapist = loaded[pk]
            network_id = ids.plan_id(*plan_key) if plan_key else None
            found.append(fhir.practitioner_role(therapist, role_id, network_id))
            included += self.included(wanted, therapist, plan_key)
        return total, found, included

    def included(self, wanted, therapist, plan_key):
        found = []
        if "practitioner" in wanted:
            found.append(fhir.practitioner(therapist, self.base))
        if "service" in wanted:
            found.append(fhir.healthcare_service(therapist, self.base))
        if "location" in wanted:
            found += [fhir.location(office, therapist) for office in therapist.locations.all()]
        if "organization" in wanted:
            found += [fhir.organization(org) for org in therapist.organisations.all()[:1]]
        if "network" in wanted and plan_key:
            found += [
                fhir.network(plan)
                for plan in therapist.insurance_plans.all()
                if (plan.insurer.slug, plan.slug) == plan_key
            ]
        return found


class Locations(Resources):
    type = "Location"
    params = ["address", "address-city", "address-state", "address-postalcode"]

    def search(self, params, number, size):
        queryset = (
            Location.objects.filter(therapist__status=Status.PUBLISHED)
            .filter(last_updated(params, "therapist__updated_at"))
            .select_related("therapist")
            .only(*LOCATION_FIELDS, "therapist__slug", "therapist__updated_at")
            .order_by("therapist__name", "therapist__id", "id")
        )
        if params.get("_id"):
            key = resolved(params["_id"], "office")
            queryset = queryset.filter(**dict(zip(OFFICE_KEY, key, strict=True)))
        for name, lookup in (("address-city", "city__iexact"), ("address-state", "state__iexact"),
                             ("address-postalcode", "postal_code__startswith")):  # fmt: skip
            if params.get(name):
                queryset = queryset.filter(**{lookup: params[name]})
        if text := params.get("address"):
            queryset = queryset.filter(
                Q(street__icontains=text) | Q(city__icontains=text) | Q(state__iexact=text)
                | Q(postal_code__startswith=text)
            )  # fmt: skip
        total, rows = self.page_of(queryset, number, size)
        return total, [fhir.location(office, office.therapist) for office in rows], []


class SmallResources(Resources):
    """Resources from the short vocabularies (insurers, plans, organisations), filtered in memory."""

    def search(self, params, number, size):
        found = self.everything(params)
        if params.get("_id"):
            found = [r for r in found if r["id"] == ids.parse(params["_id"])]
        if text := params.get("name"):
            found = [r for r in found if starts_any_word(text, r["name"])]
        found = self.filter(params, found)
        return len(found), found[(number - 1) * size : number * size], []

    def filter(self, params, found):
        return found


def refers_to(resource, element, target):
    value = resource.get(element)
    references = value if isinstance(value, list) else [value] if value else []
    return any(r["reference"].endswith(f"/{target}") for r in references)


class Organizations(SmallResources):
    type = "Organization"
    params = ["name", "type", "partof"]

    def everything(self, params):
        organisations = ids.published_organisations().filter(last_updated(params))
        found = [fhir.organization(o) for o in organisations.order_by("name", "id")]
        if not params.getlist("_lastUpdated"):
            found += [fhir.payer(insurer) for insurer in Insurer.objects.order_by("name")]
            found += [
                fhir.network(plan) for plan in InsurancePlan.objects.select_related("insurer")
            ]
        return found

    def filter(self, params, found):
        if code := token(params, "type")[1]:
            found = [r for r in found if r["type"][0]["coding"][0]["code"] == code]
        if params.get("partof"):
            target = local_id(params, "partof", ["Organization"])
            found = [r for r in found if refers_to(r, "partOf", target)]
        return found


class InsurancePlans(SmallResources):
    type = "InsurancePlan"
    params = ["name", "owned-by", "administered-by"]

    def everything(self, params):
        if params.getlist("_lastUpdated"):
            return []
        return [
            fhir.insurance_plan(plan) for plan in InsurancePlan.objects.select_related("insurer")
        ]

    def filter(self, params, found):
        for name, element in (("owned-by", "ownedBy"), ("administered-by", "administeredBy")):
            if params.get(name):
                target = local_id(params, name, ["Organization"])
                found = [r for r in found if refers_to(r, element, target)]
        return found


HANDLERS = {
    handler.type: handler
    for handler in (Practitioners, PractitionerRoles, HealthcareServices, Locations,
                    Organizations, InsurancePlans)
}  # fmt: skip


def handler_for(resource_type, base):
    if resource_type not in HANDLERS:
        raise Http404(f"This server has no {resource_type} resources.")
    return HANDLERS[resource_type](base)


def bundle(request, base, resource_type, result, number, size):
    total, found, included = result

    def link(relation, page):
        params = request.GET.copy()
        params["_page"] = page
        return {"relation": relation, "url": f"{base}{resource_type}?{params.urlencode()}"}

    links = [link("self", number)]
    if number * size < total:
        links.append(link("next", number + 1))
    if number > 1:
        links.append(link("previous", number - 1))
    entries, seen = [], set()
    for mode, resources in (("match", found), ("include", included)):
        for resource in resources:
            url = f"{base}{resource['resourceType']}/{resource['id']}"
            if url not in seen:
                seen.add(url)
                entries.append({"fullUrl": url, "resource": resource, "search": {"mode": mode}})
    return compact_bundle(total, links, entries)


def compact_bundle(total, links, entries):
    data = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if entries:
        data["entry"] = entries
    return data


def check_includes(params, handler):
    for value in params.getlist("_include"):
        target = value.split(":", 1)[1] if value.startswith(f"{handler.type}:") else None
        if target not in handler.includes:
            raise api.BadParameter("_include", f"_include={value} is not supported here.")
    for value in params.getlist("_revinclude"):
        if not (handler.type == "Practitioner" and value == "PractitionerRole:practitioner"):
            raise api.BadParameter("_revinclude", f"_revinclude={value} is not supported here.")


class SearchView(FHIRView):
    def build(self, request, resource_type):
        handler = handler_for(resource_type, self.base)
        params = request.GET
        api.unknown(params, COMMON + handler.params)
        check_includes(params, handler)
        size = api.integer(params, "_count", DEFAULT_COUNT, 1, MAX_COUNT)
        number = api.integer(params, "_page", 1, 1, 1_000_000)
        try:
            result = handler.search(params, number, size)
        except NotFound:
            result = (0, [], [])
        return bundle(request, self.base, resource_type, result, number, size)


class ReadView(FHIRView):
    def build(self, request, resource_type, pk):
        handler = handler_for(resource_type, self.base)
        api.unknown(request.GET, ["_format"])
        params = QueryDict(mutable=True)
        params["_id"] = pk
        try:
            return handler.read(params)
        except NotFound:
            raise Http404(f"No published {resource_type} has the id {pk}.") from None
