from django.urls import path

from . import fhir_views as fhir
from . import views as hsds

app_name = "interop"

urlpatterns = [
    path("api/hsds/", hsds.IndexView.as_view(), name="hsds-index"),
    path("api/hsds/openapi.json", hsds.OpenAPIView.as_view(), name="hsds-openapi"),
    path("api/hsds/services", hsds.ServiceListView.as_view(), name="hsds-services"),
    path("api/hsds/services/<str:pk>", hsds.ServiceDetailView.as_view(), name="hsds-service"),
    path("api/hsds/organizations", hsds.OrganizationListView.as_view(), name="hsds-organizations"),
    path(
        "api/hsds/organizations/<str:pk>",
        hsds.OrganizationDetailView.as_view(),
        name="hsds-organization",
    ),
    path("fhir/metadata", fhir.MetadataView.as_view(), name="fhir-metadata"),
    path("fhir/<str:resource_type>", fhir.SearchView.as_view(), name="fhir-search"),
    path("fhir/<str:resource_type>/<str:pk>", fhir.ReadView.as_view(), name="fhir-read"),
]
