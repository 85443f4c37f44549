"""A listing's own rows, edited on its change page."""

from django.contrib import admin

from ipt_finder.directory.admin.common import VerifiableInline, inline_verification, issuer_lookup
from ipt_finder.directory.admin.forms import SlidingScaleTierFormSet
from ipt_finder.directory.admin.places import LOCATION_FIELDS
from ipt_finder.directory.admin.verification import awarding_body, ladder_rung

from ..models import (
    Credential,
    CulturalTraining,
    IPTTraining,
    Location,
    ProblemAreaExperience,
    SlidingScaleTier,
    StatusChange,
)


class CredentialInline(VerifiableInline):
    model = Credential
    readonly_fields = [issuer_lookup, *VerifiableInline.readonly_fields]
    related = ["verified_by", "issuer"]
    fieldsets = [
        (None, {"fields": [("kind", "title"), ("issuer", "jurisdiction", "number"), "issued_on"]}),
        inline_verification(issuer_lookup),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "issuer":
            # Every row copies this field; a list is read once, a queryset once per row.
            field.choices = list(field.choices)
        return field


class IPTTrainingInline(VerifiableInline):
    model = IPTTraining
    readonly_fields = [awarding_body, ladder_rung, *VerifiableInline.readonly_fields]
    fieldsets = [
        (None, {"fields": ["level", (awarding_body, ladder_rung)]}),
        (
            None,
            {"fields": [("completed_on", "hours", "supervised_cases"), "certificate_reference"]},
        ),
        inline_verification(),
    ]


class CulturalTrainingInline(VerifiableInline):
    classes = ["collapse"]
    model = CulturalTraining
    fieldsets = [
        (None, {"fields": [("course", "provider"), ("completed_on", "hours")]}),
        inline_verification(),
    ]


class ProblemAreaExperienceInline(admin.TabularInline):
    classes = ["collapse"]
    model = ProblemAreaExperience
    fields = ["area", "experience"]
    extra = 1


class LocationInline(admin.StackedInline):
    classes = ["collapse"]
    model = Location
    fields = LOCATION_FIELDS
    extra = 0


class SlidingScaleTierInline(admin.TabularInline):
    classes = ["collapse"]
    model = SlidingScaleTier
    formset = SlidingScaleTierFormSet
    fields = ["income_min", "income_max", "household_min", "household_max", "fee"]
    extra = 1


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    verbose_name_plural = "status history"
    # A plain read-only table: the tabular inline's empty header cells fail axe.
    template = "admin/directory/therapist/status_history.html"
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("therapist", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
