"""Credentials and trainings: the records curators verify against their issuers."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from ipt_finder.directory.admin.common import (
    EXPIRING_SOON_DAYS,
    TIMESTAMPS,
    VERIFICATION_FIELDSET,
    VerifiableAdmin,
    verified_now,
)

from ..choices import LEVELS, IPTBody, Status
from ..curation import services as curation
from ..models import (
    Credential,
    CulturalTraining,
    IPTTraining,
)

# A listing's own rows


@admin.register(Credential)
class CredentialAdmin(VerifiableAdmin):
    list_display = ["__str__", "therapist", "issuer", "verification", "expires_on", verified_now]
    list_filter = [*VerifiableAdmin.list_filter, "kind"]
    list_select_related = ["therapist", "issuer"]
    search_fields = ["title", "=number", "therapist__name", "issuer__name"]
    autocomplete_fields = ["therapist", "issuer"]
    fieldsets = [
        (None, {"fields": ["therapist", ("kind", "title"), ("issuer", "jurisdiction", "number")]}),
        ("Dates", {"fields": ["issued_on"]}),
        VERIFICATION_FIELDSET,
        ("History", {"fields": [TIMESTAMPS]}),
    ]

    def source_hint(self, records):
        # One issuer's lookup page is the likely source; several, and the curator says.
        urls = {r.issuer.lookup_url for r in records}
        return urls.pop() if len(urls) == 1 else ""

    def get_urls(self):
        dashboard = self.admin_site.admin_view(self.expiry_dashboard)
        return [
            path("expiries/", dashboard, name="directory_credential_expiries"),
            *super().get_urls(),
        ]

    def expiry_dashboard(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        shown = 100

        def section(title, model, queryset, filter_query):
            rows = queryset.exclude(therapist__status=Status.DRAFT).select_related(
                "therapist", *(["issuer"] if model is Credential else [])
            )
            return {
                "title": title,
                "rows": rows[:shown],
                "count": rows.count(),
                "changelist": reverse(f"admin:directory_{model._meta.model_name}_changelist")
                + filter_query,
                "model": model._meta.model_name,
            }

        sections = []
        for model in (Credential, IPTTraining, CulturalTraining):
            plural = capfirst(model._meta.verbose_name_plural)
            sections += [
                section(f"{plural} already expired", model,
                        curation.expired(model, today), "?expiry=expired"),
                section(f"{plural} expiring within {EXPIRING_SOON_DAYS} days",
                        model, curation.expiring(model, today), "?expiry=soon"),
            ]  # fmt: skip
        unlicensed = (
            curation.without_valid_licence(on=today)
            .order_by("-needs_review", "name")
            .only("name", "status", "needs_review", "review_reason", "flagged_on")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Expiry dashboard",
            "opts": self.opts,
            "today": today,
            "sections": sections,
            "unlicensed": unlicensed[:shown],
            "unlicensed_count": unlicensed.count(),
            "unlicensed_url": reverse("admin:directory_therapist_changelist")
            + "?review=no_licence",
        }
        return TemplateResponse(request, "admin/directory/expiries.html", context)


@admin.display(description="awarding body", ordering="body")
def awarding_body(training):
    # Derived from the level, so it also reads right on a row not yet saved.
    return training.get_body_display() if training.level in LEVELS else None


@admin.display(description="rung", ordering="rung")
def ladder_rung(training):
    return training.get_rung_display() if training.level in LEVELS else None


class AwardingBodyFilter(admin.SimpleListFilter):
    title = "awarding body"
    parameter_name = "body"

    def lookups(self, request, model_admin):
        return IPTBody.choices

    def queryset(self, request, queryset):
        return queryset.filter(body=self.value()) if self.value() else queryset


@admin.register(IPTTraining)
class IPTTrainingAdmin(VerifiableAdmin):
    list_display = [
        "__str__",
        "therapist",
        awarding_body,
        ladder_rung,
        "completed_on",
        "verification",
        "expires_on",
        verified_now,
    ]
    list_filter = [*VerifiableAdmin.list_filter, "rung", AwardingBodyFilter]
    search_fields = ["therapist__name", "certificate_reference"]
    readonly_fields = [awarding_body, ladder_rung, *VerifiableAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["therapist", "level", (awarding_body, ladder_rung)]}),
        (
            "Training",
            {"fields": [("completed_on", "hours", "supervised_cases"), "certificate_reference"]},
        ),
        VERIFICATION_FIELDSET,
        ("History", {"fields": [TIMESTAMPS]}),
    ]


@admin.register(CulturalTraining)
class CulturalTrainingAdmin(VerifiableAdmin):
    list_display = [
        "course",
        "provider",
        "therapist",
        "hours",
        "completed_on",
        "verification",
        "expires_on",
        verified_now,
    ]
    search_fields = ["course", "provider", "therapist__name"]
    fieldsets = [
        (None, {"fields": ["therapist", ("course", "provider"), ("completed_on", "hours")]}),
        VERIFICATION_FIELDSET,
        ("History", {"fields": [TIMESTAMPS]}),
    ]
