"""The HSDS 3.0 read API: GET only, no login, published listings only."""

from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from . import api, hsds, ids, openapi, sources

DEFAULT_SIZE = 50
MAX_SIZE = 100
LIST_PARAMS = ["page", "per_page"]
SERVICE_FILTERS = ["search", "taxonomy_term_id", "organization_id", "modified_after"]


def error(request, status, message, parameter=None):
    data = {"error": message, "status": status}
    if parameter:
        data["parameter"] = parameter
    return api.respond(request, data, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class HSDSView(View):
    http_method_names = ["get", "head"]

    def get(self, request, **kwargs):
        try:
            return api.respond(request, self.build(request, **kwargs))
        except api.BadParameter as bad:
            return error(request, 400, bad.message, bad.name)
        except Http404 as missing:
            return error(request, 404, str(missing) or "Not found.")

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error(request, 405, "This API is read-only.")
        response.headers["Allow"] = "GET, HEAD"
        return response


def envelope(page, contents):
    return {
        "total_items": page.total,
        "total_pages": page.pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number >= page.pages,
        "empty": page.total == 0,
        "contents": contents,
    }


def paged(params, queryset):
    number = api.integer(params, "page", 1, 1, 1_000_000)
    size = api.integer(params, "per_page", DEFAULT_SIZE, 1, MAX_SIZE)
    return api.Page(queryset, number, size)


def one_uuid(params, name):
    value = params.get(name, "")
    if not value:
        return None
    parsed = ids.parse(value)
    if parsed is None:
        raise api.BadParameter(name, f"{name} must be a UUID.")
    return parsed


class IndexView(HSDSView):
    def build(self, request):
        return {
            "version": hsds.VERSION,
            "profile": hsds.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("interop:hsds-openapi")),
        }


class OpenAPIView(HSDSView):
    def build(self, request):
        return openapi.document(request.build_absolute_uri(reverse("interop:hsds-index")))


def filter_services(params, queryset):
    api.unknown(params, LIST_PARAMS + SERVICE_FILTERS)
    if text := params.get("search", "").strip():
        queryset = queryset.search_text(text[:200])
    if term := one_uuid(params, "taxonomy_term_id"):
        found = sources.term_index().get(term)
        if found is None:
            return queryset.none()
        key, row = found
        if key == "profession":
            queryset = queryset.filter(profession=row)
        else:
            queryset = queryset.filter(queryset.linked_q(sources.TAXONOMY[key].relation, pk=row.pk))
    if organisation := one_uuid(params, "organization_id"):
        slug = ids.resolve(organisation, "organisation")
        queryset = queryset.filter(organisations__slug=slug) if slug else queryset.none()
    if after := params.get("modified_after"):
        queryset = queryset.filter(updated_at__gt=api.moment("modified_after", after))
    return queryset


class ServiceListView(HSDSView):
    def build(self, request):
        params = request.GET
        queryset = filter_services(params, sources.summaries())
        page = paged(params, queryset)
        return envelope(page, [hsds.service_summary(row) for row in page.rows])


def published_listing(public_id):
    slug = ids.resolve(public_id, "therapist")
    listing = sources.listings().filter(slug=slug).first() if slug else None
    if listing is None:
        raise Http404("No published service has this id.")
    return listing


class ServiceDetailView(HSDSView):
    def build(self, request, pk):
        return hsds.service(published_listing(pk))


class OrganizationListView(HSDSView):
    def build(self, request):
        api.unknown(request.GET, LIST_PARAMS)
        page = paged(request.GET, ids.published_organisations().order_by("name", "id"))
        return envelope(page, [hsds.organization(row) for row in page.rows])


class OrganizationDetailView(HSDSView):
    def build(self, request, pk):
        slug = ids.resolve(pk, "organisation")
        found = ids.published_organisations().filter(slug=slug).first() if slug else None
        if found is None:
            raise Http404("No organization has this id.")
        return hsds.organization(found, full=True)
