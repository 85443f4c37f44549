"""Listings: the therapist change page and its actions, fee tiers and problem areas."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ipt_finder.directory.admin.common import (
    TIMESTAMPS,
    CheckedForm,
    NoteForm,
    confirm,
    plural,
    stamp_verification,
)
from ipt_finder.directory.admin.filters import (
    FreshnessFilter,
    OpenReportsFilter,
    ReviewFilter,
    ShownAcceptingFilter,
    VerifiedLicenceFilter,
    open_report_count,
)
from ipt_finder.directory.admin.inlines import (
    CredentialInline,
    CulturalTrainingInline,
    IPTTrainingInline,
    LocationInline,
    ProblemAreaExperienceInline,
    SlidingScaleTierInline,
    StatusChangeInline,
)
from ipt_finder.directory.admin.lifecycle import LifecycleMixin, transition_action

from ..choices import Rung
from ..curation import imports
from ..curation import services as curation
from ..models import (
    InsurancePlan,
    ProblemAreaExperience,
    SlidingScaleTier,
    Therapist,
    Verifiable,
)


@admin.display(description="household income", ordering="income_min")
def income_band(tier):
    return tier.income_band


@admin.display(description="household size", ordering="household_min")
def household_band(tier):
    return tier.household_band


@admin.register(SlidingScaleTier)
class SlidingScaleTierAdmin(admin.ModelAdmin):
    list_display = ["therapist", income_band, household_band, "fee"]
    list_select_related = ["therapist"]
    search_fields = ["therapist__name"]
    autocomplete_fields = ["therapist"]
    ordering = ["therapist__name", "household_min", "income_min"]


@admin.register(ProblemAreaExperience)
class ProblemAreaExperienceAdmin(admin.ModelAdmin):
    list_display = ["therapist", "area", "experience"]
    list_filter = ["area", "experience"]
    list_select_related = ["therapist"]
    search_fields = ["therapist__name"]
    autocomplete_fields = ["therapist"]


# Closed until opened (a <details>), so the credentials below are near the top.
COLLAPSED = ["collapse"]


@admin.register(Therapist)
class TherapistAdmin(LifecycleMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "profession",
        "status",
        "accepting_summary",
        "fee_summary",
        "has_verified_licence",
        "verified_ipt_rung",
        "last_reviewed",
        "flagged",
        "open_reports",
    ]
    list_filter = [
        "status",
        ReviewFilter,
        OpenReportsFilter,
        FreshnessFilter,
        ShownAcceptingFilter,
        VerifiedLicenceFilter,
        "profession",
        "accepting",
        "sliding_scale",
        "telehealth_video",
    ]
    search_fields = ["name", "slug", "email", "=credentials__number"]
    date_hierarchy = "reviewed_on"
    prepopulated_fields = {"slug": ["name"]}
    # Status changes only through the actions, which ask for a reason and record it.
    readonly_fields = ["status", "flagged_on", *TIMESTAMPS]
    actions = [
        *[transition_action(t) for t in curation.TRANSITIONS],
        "confirm_accepting",
        "clear_review_flag",
    ]
    autocomplete_fields = ["languages", "organisations", "insurance_plans"]
    filter_horizontal = ["telehealth_states"]
    # Short seeded vocabularies read best as checkboxes.
    checkbox_fields = {
        "conditions",
        "age_groups",
        "adaptations",
        "traits",
        "communities",
        "ethnicities",
        "payment_methods",
    }
    save_on_top = True
    inlines = [
        CredentialInline,
        IPTTrainingInline,
        CulturalTrainingInline,
        ProblemAreaExperienceInline,
        LocationInline,
        SlidingScaleTierInline,
        StatusChangeInline,
    ]
    fieldsets = [
        (
            "Who",
            {
                "fields": [
                    ("name", "slug"),
                    "pronouns",
                    ("profession", "licence_type"),
                    "npi",
                    "years_in_practice",
                    "photo",
                ]
            },
        ),
        (
            "Approach and track record",
            {
                "classes": COLLAPSED,
                "fields": [
                    "bio",
                    "approach",
                    "first_session",
                    ("ipt_years", "ipt_courses_completed"),
                    "measures_outcomes",
                ],
            },
        ),
        (
            "Clinical fit",
            {
                "classes": COLLAPSED,
                "fields": [
                    "conditions",
                    "age_groups",
                    "adaptations",
                    ("offers_individual", "offers_group", "offers_couples"),
                    ("course_sessions_min", "course_sessions_max", "session_minutes"),
                    ("offers_maintenance", "maintenance_frequency"),
                    "medication",
                ],
            },
        ),
        ("Compatibility", {"classes": COLLAPSED, "fields": ["traits"]}),
        (
            "Culture and identity",
            {
                "classes": COLLAPSED,
                "description": "All optional, and in the therapist's own words.",
                "fields": [
                    "languages",
                    "communities",
                    ("gender", "gender_description"),
                    ("transgender", "lgbtq"),
                    ("ethnicities", "ethnicity_description"),
                    "faith",
                ],
            },
        ),
        (
            "Where and when",
            {
                "classes": COLLAPSED,
                "fields": [
                    ("telehealth_video", "telehealth_phone"),
                    "telehealth_states",
                    ("accepting", "accepting_confirmed_on"),
                    ("evening_hours", "weekend_hours"),
                    "organisations",
                ],
            },
        ),
        (
            "Fees",
            {
                "classes": COLLAPSED,
                "description": "Whole US dollars. Sliding-scale tiers are below.",
                "fields": [
                    "fee",
                    ("consultation", "consultation_fee", "consultation_minutes"),
                    ("sliding_scale", "sliding_scale_min_fee"),
                    "insurance_plans",
                    "superbills",
                    "payment_methods",
                    "cancellation_policy",
                ],
            },
        ),
        ("Contact", {"classes": COLLAPSED, "fields": ["email", "phone", "website", "booking_url"]}),
        (
            "Curation",
            {
                "description": "Curator notes are private and never shown to the public.",
                "fields": [
                    "status",
                    ("needs_review", "review_reason", "flagged_on"),
                    ("confirmed_on", "reviewed_on"),
                    "curator_notes",
                    TIMESTAMPS,
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate_verified_licence()
            .annotate_rungs()
            .annotate(open_report_count=open_report_count())
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="directory_therapist_import"),
            path("export/", view(self.export_view), name="directory_therapist_export"),
            path(
                "<path:object_id>/status/<slug:name>/",
                view(self.transition_view),
                name="directory_therapist_transition",
            ),
            *super().get_urls(),
        ]

    # Freshness and review flags

    @admin.action(description="Mark accepting status confirmed today…", permissions=["change"])
    def confirm_accepting(self, request, queryset):
        def perform(data):
            count = curation.confirm_accepting(queryset, request.user)
            self.message_user(
                request, f"Accepting status confirmed today for {count} {plural(count)}."
            )

        return confirm(
            self,
            request,
            queryset,
            title="Confirm accepting status",
            intro="Each listing's accepting status will be shown as confirmed today.",
            form_class=CheckedForm,
            submit="Confirm",
            perform=perform,
            note=lambda t: (
                f"{t.get_accepting_display()}; last confirmed "
                + (date_format(t.accepting_confirmed_on) if t.accepting_confirmed_on else "never")
            ),
            action="confirm_accepting",
        )

    @admin.action(description="Mark reviewed and clear the review flag…", permissions=["change"])
    def clear_review_flag(self, request, queryset):
        def perform(data):
            count = curation.clear_review_flags(queryset, request.user, data["note"])
            self.message_user(request, f"Review flag cleared on {count} {plural(count)}.")

        return confirm(
            self,
            request,
            queryset,
            title="Clear review flags",
            intro="Clear a flag once the licence is re-verified, or the listing is suspended.",
            form_class=NoteForm,
            submit="Clear flags",
            perform=perform,
            refusal=lambda t: None if t.needs_review else "not flagged",
            note=lambda t: t.review_reason,
            action="clear_review_flag",
        )

    # CSV

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Import listings from CSV",
            "opts": self.opts,
            "columns": imports.COLUMNS,
            "separator": imports.SEPARATOR,
        }
        if request.method == "POST":
            upload = request.FILES.get("file")
            filename = upload.name if upload else request.POST.get("filename", "")
            try:
                text = imports.decode(upload.read()) if upload else request.POST.get("csv", "")
            except ValueError as error:
                context["problems"] = [str(error)]
                return TemplateResponse(request, "admin/directory/therapist/import.html", context)
            if not text:
                context["problems"] = ["Choose a CSV file."]
                return TemplateResponse(request, "admin/directory/therapist/import.html", context)
            plan = imports.plan_import(text)
            if request.POST.get("confirm") and plan.ok:
                created = imports.run_import(plan, request.user, filename)
                self.message_user(
                    request, f"Imported {len(created)} {plural(len(created))}, pending review."
                )
                return redirect(
                    reverse("admin:directory_therapist_changelist") + "?status__exact=pending"
                )
            context.update(plan=plan, csv=text, filename=filename)
        return TemplateResponse(request, "admin/directory/therapist/import.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = StreamingHttpResponse(
            imports.csv_lines(imports.export_queryset()), content_type="text/csv; charset=utf-8"
        )
        name = f"ipt-finder-listings-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            # Django labels a file input with a legend, which screen readers may not announce.
            kwargs["widget"] = forms.ClearableFileInput(attrs={"aria-label": "Photo"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "insurance_plans":
            # A plan's name includes its insurer's.
            kwargs["queryset"] = InsurancePlan.objects.select_related("insurer")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        if issubclass(formset.model, Verifiable):
            for row in formset.forms:
                stamp_verification(row, request.user)
        super().save_formset(request, form, formset, change)

    @admin.display(description="accepting", ordering="accepting")
    def accepting_summary(self, therapist):
        confirmed = therapist.accepting_confirmed_on
        if confirmed is None:
            when = "never confirmed"
        else:
            stale = "" if therapist.accepting_is_fresh() else " (stale)"
            when = f"confirmed {date_format(confirmed, 'SHORT_DATE_FORMAT')}{stale}"
        return format_html("{}<br><small>{}</small>", therapist.get_accepting_display(), when)

    @admin.display(description="fee", ordering="fee")
    def fee_summary(self, therapist):
        return None if therapist.fee is None else f"${therapist.fee}"

    @admin.display(description="verified licence", boolean=True, ordering="has_verified_licence")
    def has_verified_licence(self, therapist):
        return therapist.has_verified_licence

    @admin.display(description="reviewed", ordering="reviewed_on")
    def last_reviewed(self, therapist):
        return therapist.reviewed_on

    @admin.display(description="verified IPT", ordering="top_verified_rung")
    def verified_ipt_rung(self, therapist):
        rung = therapist.top_verified_rung
        return None if rung is None else Rung(rung).label

    @admin.display(description="flagged", boolean=True, ordering="needs_review")
    def flagged(self, therapist):
        return therapist.needs_review

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, therapist):
        count = therapist.open_report_count
        if not count:
            return 0
        url = reverse("admin:directory_report_changelist")
        return format_html(
            '<a href="{}?therapist__id__exact={}&amp;status__exact=open">{}</a>',
            url,
            therapist.pk,
            count,
        )
