"""Organisations and offices."""

from django.contrib import admin
from django.db.models import Count

from ipt_finder.directory.admin.common import TIMESTAMPS

from ..models import (
    Location,
    Organisation,
)

# Places


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cost_policy", "city", "state", "therapist_count"]
    list_filter = ["kind", "cost_policy", "state"]
    search_fields = ["name", "slug", "city", "postal_code"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind"]}),
        ("Cost", {"fields": ["cost_policy", "cost_details"]}),
        (
            "Address",
            {
                "fields": [
                    "street",
                    ("city", "state", "postal_code", "country"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        ("Contact", {"fields": ["website", "phone"]}),
        ("History", {"fields": [TIMESTAMPS]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(therapist_count=Count("therapists"))

    @admin.display(description="therapists", ordering="therapist_count")
    def therapist_count(self, organisation):
        return organisation.therapist_count


LOCATION_FIELDS = [
    "label",
    "street",
    ("city", "state", "postal_code", "country"),
    ("latitude", "longitude"),
    ("wheelchair", "wheelchair_confirmed_by", "wheelchair_confirmed_on"),
]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "therapist",
        "city",
        "state",
        "wheelchair",
        "wheelchair_confirmed_by",
    ]
    list_filter = ["state", "wheelchair", "wheelchair_confirmed_by"]
    list_select_related = ["therapist"]
    search_fields = ["label", "street", "city", "postal_code", "therapist__name"]
    autocomplete_fields = ["therapist"]
    fields = ["therapist", *LOCATION_FIELDS]
