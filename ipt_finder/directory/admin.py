"""The curators' admin: every directory table, with a listing's own rows inline."""

import datetime

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .choices import LEVELS, Accepting, IPTBody, Rung, Verification
from .forms import SlidingScaleTierFormSet
from .models import (
    FRESHNESS_DAYS,
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Credential,
    CulturalTraining,
    Ethnicity,
    InsurancePlan,
    Insurer,
    IPTTraining,
    IssuingBody,
    Language,
    Location,
    Organisation,
    PaymentMethod,
    ProblemAreaExperience,
    Report,
    SlidingScaleTier,
    State,
    Therapist,
    Trait,
    Verifiable,
)

EXPIRING_SOON_DAYS = 60
TIMESTAMPS = ("created_at", "updated_at")
VERIFICATION_STAMP = ("verified_by", "verified_at")


# Verification: the rule itself lives on Verifiable; these only show it.


@admin.display(description="verified now", boolean=True)
def verified_now(record):
    return record.is_verified() if record.pk else None


class VerifiedNowFilter(admin.SimpleListFilter):
    title = "verified now"
    parameter_name = "verified_now"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Verifiable.verified_q())
        if self.value() == "no":
            return queryset.exclude(Verifiable.verified_q())
        return queryset


class ExpiryFilter(admin.SimpleListFilter):
    title = "expiry"
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", "Expired"),
            ("soon", f"Expires within {EXPIRING_SOON_DAYS} days"),
            ("current", "Not expired"),
            ("never", "Does not expire"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
        match self.value():
            case "expired":
                return queryset.filter(expires_on__lt=today)
            case "soon":
                return queryset.filter(expires_on__gte=today, expires_on__lte=soon)
            case "current":
                return queryset.exclude(expires_on__lt=today)
            case "never":
                return queryset.filter(expires_on__isnull=True)
        return queryset


def stamp_verification(form, user):
    """Record which curator changed a record's verification, and when."""
    if "verification" not in form.changed_data:
        return
    record = form.instance
    checked = record.verification != Verification.UNVERIFIED
    record.verified_by = user if checked else None
    record.verified_at = timezone.now() if checked else None


class VerifiableAdmin(admin.ModelAdmin):
    list_filter = [VerifiedNowFilter, ExpiryFilter, "verification"]
    date_hierarchy = "expires_on"
    readonly_fields = [*VERIFICATION_STAMP, verified_now, *TIMESTAMPS]
    autocomplete_fields = ["therapist"]
    list_select_related = ["therapist"]

    def save_model(self, request, obj, form, change):
        stamp_verification(form, request.user)
        super().save_model(request, obj, form, change)


VERIFICATION_FIELDSET = (
    "Verification",
    {
        "fields": [
            ("verification", "expires_on", "verification_source"),
            (*VERIFICATION_STAMP, verified_now),
        ]
    },
)


# Vocabularies


@admin.register(Condition, Community, Ethnicity, PaymentMethod)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AgeGroup)
class AgeGroupAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "min_age"]
    list_editable = ["min_age"]


@admin.register(Adaptation)
class AdaptationAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "description", "position"]
    search_fields = ["name", "slug", "description"]


@admin.register(Trait)
class TraitAdmin(VocabularyAdmin):
    list_display = ["name", "kind", "slug", "position"]
    list_filter = ["kind"]


class InsurancePlanInline(admin.TabularInline):
    model = InsurancePlan
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 1


@admin.register(Insurer)
class InsurerAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "plan_count", "position"]
    inlines = [InsurancePlanInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plan_count=Count("plans"))

    @admin.display(description="plans", ordering="plan_count")
    def plan_count(self, insurer):
        return insurer.plan_count


@admin.register(InsurancePlan)
class InsurancePlanAdmin(admin.ModelAdmin):
    list_display = ["name", "insurer", "slug"]
    list_filter = ["insurer"]
    search_fields = ["name", "slug", "insurer__name"]
    autocomplete_fields = ["insurer"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # A plan's name includes its insurer's, here and in autocomplete results.
        return super().get_queryset(request).select_related("insurer")


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "=code"]


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "=code"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "accredited", "credential_count"]
    list_filter = ["kind", "accredited", "jurisdiction"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credential_count=Count("credentials"))

    @admin.display(description="credentials", ordering="credential_count")
    def credential_count(self, body):
        return body.credential_count


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


# The therapist's change page


class VerifiableInline(admin.StackedInline):
    extra = 0
    show_change_link = True
    readonly_fields = [*VERIFICATION_STAMP, verified_now]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verified_by")


class CredentialInline(VerifiableInline):
    model = Credential
    fieldsets = [
        (None, {"fields": [("kind", "title"), ("issuer", "jurisdiction", "number"), "issued_on"]}),
        VERIFICATION_FIELDSET,
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
        VERIFICATION_FIELDSET,
    ]


class CulturalTrainingInline(VerifiableInline):
    model = CulturalTraining
    fieldsets = [
        (None, {"fields": [("course", "provider"), ("completed_on", "hours")]}),
        VERIFICATION_FIELDSET,
    ]


class ProblemAreaExperienceInline(admin.TabularInline):
    model = ProblemAreaExperience
    fields = ["area", "experience"]
    extra = 1


class LocationInline(admin.StackedInline):
    model = Location
    fields = LOCATION_FIELDS
    extra = 0


class SlidingScaleTierInline(admin.TabularInline):
    model = SlidingScaleTier
    formset = SlidingScaleTierFormSet
    fields = ["income_min", "income_max", "household_min", "household_max", "fee"]
    extra = 1


class VerifiedLicenceFilter(admin.SimpleListFilter):
    title = "verified licence"
    parameter_name = "verified_licence"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(has_verified_licence=self.value() == "yes")
        return queryset


class ShownAcceptingFilter(admin.SimpleListFilter):
    title = "shown as accepting"
    parameter_name = "shown_accepting"

    def lookups(self, request, model_admin):
        return [
            ("yes", f"Yes, confirmed within {FRESHNESS_DAYS} days"),
            ("stale", "Says accepting, but not confirmed lately"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.accepting()
        if self.value() == "stale":
            return queryset.filter(accepting=Accepting.YES).exclude(queryset.accepting_q())
        return queryset


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "profession",
        "status",
        "accepting_summary",
        "fee_summary",
        "has_verified_licence",
        "verified_ipt_rung",
        "last_reviewed",
    ]
    list_filter = [
        "status",
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
    readonly_fields = TIMESTAMPS
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
    ]
    fieldsets = [
        (
            "Who",
            {
                "fields": [
                    ("name", "slug"),
                    "pronouns",
                    ("profession", "licence_type"),
                    "years_in_practice",
                    "photo",
                ]
            },
        ),
        (
            "Approach and track record",
            {
                "fields": [
                    "bio",
                    "approach",
                    "first_session",
                    ("ipt_years", "ipt_courses_completed"),
                    "measures_outcomes",
                ]
            },
        ),
        (
            "Clinical fit",
            {
                "fields": [
                    "conditions",
                    "age_groups",
                    "adaptations",
                    ("offers_individual", "offers_group", "offers_couples"),
                    ("course_sessions_min", "course_sessions_max", "session_minutes"),
                    ("offers_maintenance", "maintenance_frequency"),
                    "medication",
                ]
            },
        ),
        ("Compatibility", {"fields": ["traits"]}),
        (
            "Culture and identity",
            {
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
                "fields": [
                    ("telehealth_video", "telehealth_phone"),
                    "telehealth_states",
                    ("accepting", "accepting_confirmed_on"),
                    ("evening_hours", "weekend_hours"),
                    "organisations",
                ]
            },
        ),
        (
            "Fees",
            {
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
        ("Contact", {"fields": ["email", "phone", "website", "booking_url"]}),
        (
            "Curation",
            {
                "description": "Curator notes are private and never shown to the public.",
                "fields": [
                    "status",
                    ("confirmed_on", "reviewed_on"),
                    "curator_notes",
                    TIMESTAMPS,
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_verified_licence().annotate_rungs()

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


# Visitors' reports


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["topic", "therapist", "status", "created_at", "handled_by"]
    list_filter = ["status", "topic"]
    list_select_related = ["therapist", "handled_by"]
    search_fields = ["therapist__name", "message"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["therapist"]
    readonly_fields = ["created_at", "handled_by", "handled_at"]
    fieldsets = [
        (
            "From the visitor",
            {"fields": ["therapist", "topic", "message", "contact", "created_at"]},
        ),
        ("Curation", {"fields": ["status", "curator_note", ("handled_by", "handled_at")]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # What a visitor wrote stays as they wrote it.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "therapist", "topic", "message", "contact"]

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            handled = obj.status != Report.Status.OPEN
            obj.handled_by = request.user if handled else None
            obj.handled_at = timezone.now() if handled else None
        super().save_model(request, obj, form, change)
