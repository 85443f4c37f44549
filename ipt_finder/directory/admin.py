"""The curators' admin: every directory table, with a listing's own rows inline."""

import datetime
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from . import curation, imports
from .choices import LEVELS, Accepting, IPTBody, Rung, Status, Verification
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
    StatusChange,
    Submission,
    Therapist,
    Trait,
    Verifiable,
)

EXPIRING_SOON_DAYS = curation.EXPIRY_WARNING_DAYS
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


# Actions that ask before they act, like Django's delete confirmation


def confirm(
    modeladmin,
    request,
    objects,
    *,
    title,
    form_class,
    submit,
    perform,
    intro="",
    initial=None,
    refusal=lambda obj: None,
    note=lambda obj: "",
    action=None,
    done_url=None,
):
    """Show what an action will do and ask for its form; act once the form is valid.

    `refusal(obj)` says why an object can't be changed (it is listed apart and
    left alone). `perform(cleaned_data)` acts; an action then returns to the
    changelist, and a single-object view goes to `done_url`.
    """
    form = form_class(request.POST if request.POST.get("confirm") else None, initial=initial)
    if form.is_valid():
        result = perform(form.cleaned_data)
        return result or (redirect(done_url) if done_url else None)
    objects = list(objects)
    refusals = {obj.pk: refusal(obj) for obj in objects}
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "opts": opts,
        "form": form,
        "submit": submit,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "selected": [obj.pk for obj in objects],
        "accepted": [(obj, note(obj)) for obj in objects if refusals[obj.pk] is None],
        "refused": [(obj, refusals[obj.pk]) for obj in objects if refusals[obj.pk]],
        "cancel_url": done_url or reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/directory/confirm_action.html", context)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=1000,
        help_text="Recorded in each listing's history, with your name and the time.",
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text="What you checked or did; kept with the record.",
    )


class CheckedForm(forms.Form):
    checked = forms.BooleanField(
        label="I have confirmed each listing's accepting status with the therapist today.",
        error_messages={"required": "Confirm only what you have checked."},
    )


class VerifiableForm(forms.ModelForm):
    """A verdict needs the source the curator checked."""

    def clean(self):
        cleaned = super().clean()
        verdict = cleaned.get("verification")
        if (
            "verification" in self.changed_data
            and verdict
            and verdict != Verification.UNVERIFIED
            and not cleaned.get("verification_source")
        ):
            self.add_error(
                "verification_source",
                "Say where you checked it, for example the board's lookup page.",
            )
        return cleaned


class VerifyPermissionMixin:
    """Only curators with the verify permission may give a verdict."""

    form = VerifiableForm

    def has_verify_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.verify_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_verify_permission(request):
            fields += ["verification", "verification_source"]
        return fields


class SourceForm(forms.Form):
    source = forms.CharField(
        label="Source checked",
        max_length=500,
        help_text="Where you checked it, for example the state board's lookup page.",
    )


class VerifiableAdmin(VerifyPermissionMixin, admin.ModelAdmin):
    list_filter = [VerifiedNowFilter, ExpiryFilter, "verification"]
    date_hierarchy = "expires_on"
    readonly_fields = [*VERIFICATION_STAMP, verified_now, *TIMESTAMPS]
    autocomplete_fields = ["therapist"]
    list_select_related = ["therapist"]
    actions = ["verify_selected", "reject_selected"]

    def save_model(self, request, obj, form, change):
        stamp_verification(form, request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description="Verify selected, recording the source…", permissions=["verify"])
    def verify_selected(self, request, queryset):
        return self.give_verdict(request, queryset, Verification.VERIFIED, "verify_selected")

    @admin.action(description="Reject selected as not verifiable…", permissions=["verify"])
    def reject_selected(self, request, queryset):
        return self.give_verdict(request, queryset, Verification.REJECTED, "reject_selected")

    def source_hint(self, records):
        return ""

    def give_verdict(self, request, queryset, verdict, action):
        verifying = verdict == Verification.VERIFIED
        records = list(queryset.select_related(*self.list_select_related))

        def refusal(record):
            if verifying and record.is_expired():
                return (
                    f"expired on {date_format(record.expires_on)}: "
                    "record the renewal's expiry date first"
                )
            return None

        def perform(data):
            done, refused = curation.verify(queryset, verdict, request.user, data["source"])
            word = "Verified" if verifying else "Rejected"
            self.message_user(request, f"{word} {len(done)} {self.noun(len(done))}.")
            if refused:
                self.message_user(
                    request,
                    f"{len(refused)} expired, not verified: {', '.join(map(str, refused))}.",
                    messages.WARNING,
                )

        return confirm(
            self,
            request,
            records,
            title=f"{'Verify' if verifying else 'Reject'} {self.opts.verbose_name_plural}",
            intro=(
                "Check each one with the body that issued it. Your name, the time and "
                "the source are recorded."
                if verifying
                else "Reject only what the issuing body could not confirm. The badge is removed."
            ),
            form_class=SourceForm,
            initial={"source": self.source_hint(records)},
            submit="Verify" if verifying else "Reject",
            perform=perform,
            refusal=refusal,
            note=lambda r: f"{r.therapist}; {r.get_verification_display().lower()}",
            action=action,
        )

    def noun(self, count):
        return self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural


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


class VerifiableInline(VerifyPermissionMixin, admin.StackedInline):
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


class FreshnessFilter(admin.SimpleListFilter):
    title = "accepting status confirmed"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("fresh", f"Within {FRESHNESS_DAYS} days"),
            ("stale", f"Over {FRESHNESS_DAYS} days ago, or never (stale)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "fresh":
            return queryset.exclude(curation.stale_q())
        if self.value() == "stale":
            return queryset.filter(curation.stale_q())
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = "needs review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("flagged", "Flagged for review"),
            ("no_licence", "Published without a current verified licence"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "flagged":
            return queryset.filter(needs_review=True)
        if self.value() == "no_licence":
            return curation.without_valid_licence(queryset)
        return queryset


class OpenReportsFilter(admin.SimpleListFilter):
    title = "open reports"
    parameter_name = "open_reports"

    def lookups(self, request, model_admin):
        return [("yes", "Has open reports"), ("no", "None")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_report_count=0)
        return queryset


def open_report_count(listing="pk"):
    reports = (
        Report.objects.filter(therapist=OuterRef(listing), status=Report.Status.OPEN)
        .order_by()
        .values("therapist")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reports, output_field=IntegerField()), Value(0))


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    verbose_name_plural = "status history"
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


def transition_action(transition):
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_transition(request, queryset, transition, action=transition.name)

    action.__name__ = transition.name
    return admin.action(description=f"{transition.label}…", permissions=["publish"])(action)


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

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("directory.publish_therapist")

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        therapist = self.get_object(request, object_id)
        if therapist is not None and self.has_publish_permission(request):
            extra_context = {
                **(extra_context or {}),
                "transitions": [t for t in curation.TRANSITIONS if t.allows(therapist.status)],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    # Lifecycle

    def confirm_transition(self, request, queryset, transition, action=None, done_url=None):
        listings = queryset.annotate_verified_licence()
        publishing = transition.target == Status.PUBLISHED

        def perform(data):
            moved, refused = curation.change_status(
                queryset, transition, request.user, data["reason"]
            )
            self.message_user(request, f"{len(moved)} {plural(len(moved))} {transition.done}.")
            if refused:
                names = ", ".join(f"{t} ({t.get_status_display().lower()})" for t in refused)
                self.message_user(request, f"Not changed: {names}.", messages.WARNING)

        return confirm(
            self,
            request,
            listings,
            title=f"{transition.label}: make listings {Status(transition.target).label.lower()}",
            intro="Only published listings appear in search, match and compare."
            if publishing or transition.target == Status.SUSPENDED
            else "",
            form_class=ReasonForm,
            submit=transition.label,
            perform=perform,
            refusal=lambda t: (
                None if transition.allows(t.status) else f"it is {t.get_status_display().lower()}"
            ),
            note=lambda t: (
                "warning: no current verified licence"
                if publishing and not t.has_verified_licence
                else f"now {t.get_status_display().lower()}"
            ),
            action=action,
            done_url=done_url,
        )

    def transition_view(self, request, object_id, name):
        transition = curation.TRANSITIONS_BY_NAME.get(name)
        therapist = self.get_object(request, object_id)
        if transition is None or therapist is None:
            raise Http404("No such listing or status change.")
        if not self.has_publish_permission(request):
            raise PermissionDenied
        done_url = reverse("admin:directory_therapist_change", args=[therapist.pk])
        return self.confirm_transition(
            request,
            Therapist.objects.filter(pk=therapist.pk),
            transition,
            done_url=done_url,
        )

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
        out = io.StringIO()
        imports.write_csv(imports.export_queryset(), out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"ipt-finder-listings-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

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


def plural(count, noun="listing"):
    return noun if count == 1 else f"{noun}s"


# Visitors' reports


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The reports queue: grouped by listing, newest first within each."""

    list_display = [
        "therapist",
        "topic",
        "short_message",
        "status",
        "created_at",
        "open_on_listing",
        "handled_by",
    ]
    list_display_links = ["topic"]
    list_filter = ["status", "topic"]
    list_select_related = ["therapist", "handled_by"]
    search_fields = ["therapist__name", "message"]
    date_hierarchy = "created_at"
    ordering = ["therapist__name", "therapist_id", "-created_at"]
    actions = ["resolve_reports", "dismiss_reports"]
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_on_listing=open_report_count(listing="therapist_id"))
        )

    @admin.display(description="message")
    def short_message(self, report):
        return report.message if len(report.message) <= 80 else f"{report.message[:79]}…"

    @admin.display(description="open on this listing", ordering="open_on_listing")
    def open_on_listing(self, report):
        return report.open_on_listing

    @admin.action(description="Resolve selected reports, with a note…", permissions=["change"])
    def resolve_reports(self, request, queryset):
        return self.close(request, queryset, Report.Status.RESOLVED, "resolve_reports")

    @admin.action(description="Dismiss selected reports, with a note…", permissions=["change"])
    def dismiss_reports(self, request, queryset):
        return self.close(request, queryset, Report.Status.DISMISSED, "dismiss_reports")

    def close(self, request, queryset, status, action):
        resolving = status == Report.Status.RESOLVED

        def perform(data):
            count = curation.close_reports(queryset, status, request.user, data["note"])
            word = "Resolved" if resolving else "Dismissed"
            self.message_user(request, f"{word} {count} {plural(count, 'report')}.")

        return confirm(
            self,
            request,
            queryset.select_related("therapist"),
            title="Resolve reports" if resolving else "Dismiss reports",
            intro="Resolve a report once the listing is corrected; dismiss one that was wrong."
            " The note is kept with the report.",
            form_class=NoteForm,
            submit="Resolve" if resolving else "Dismiss",
            perform=perform,
            refusal=lambda r: None if r.status == Report.Status.OPEN else "already closed",
            note=lambda r: f"{r.therapist}: {r.message[:120]}",
            action=action,
        )


# Lifecycle history and therapists' own submissions


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The lifecycle history. Nobody edits it; only a superuser may delete an entry."""

    list_display = ["changed_at", "therapist", "from_status", "to_status", "changed_by", "reason"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["therapist", "changed_by"]
    search_fields = ["therapist__name", "reason"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["therapist", "kind", "status", "submitter_name", "created_at", "handled_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["therapist", "handled_by"]
    search_fields = ["therapist__name", "submitter_name", "submitter_email"]
    date_hierarchy = "created_at"
    actions = ["accept_submissions", "reject_submissions"]
    fields = [
        "therapist",
        ("kind", "status"),
        ("submitter_name", "submitter_email"),
        "note",
        "created_at",
        "proposed_changes",
        "proposed_rows",
        ("handled_by", "handled_at"),
        "curator_note",
    ]
    readonly_fields = [
        "therapist",
        "kind",
        "status",
        "submitter_name",
        "submitter_email",
        "note",
        "created_at",
        "proposed_changes",
        "proposed_rows",
        "handled_by",
        "handled_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="listing fields")
    def proposed_changes(self, submission):
        from .submission_forms import ListingForm

        listing = submission.therapist
        if submission.kind == Submission.Kind.NEW:
            return format_html(
                'This submission created <a href="{}">{}</a> as it stands ({}).',
                reverse("admin:directory_therapist_change", args=[listing.pk]),
                listing,
                listing.get_status_display().lower(),
            )
        form = ListingForm(data=submission.data.get("listing", {}), instance=Therapist())
        form.is_valid()
        rows = []
        for name, bound in form.fields.items():
            field = Therapist._meta.get_field(name)
            current = shown(field, getattr(listing, name), many=field.many_to_many)
            proposed = (
                shown(field, form.cleaned_data[name], many=field.many_to_many)
                if name in form.cleaned_data
                else f"invalid: {' '.join(form.errors.get(name, []))}"
            )
            if current != proposed:
                rows.append((bound.label or field.verbose_name, current, proposed))
        if not rows:
            return "No changes to the listing's own fields."
        return format_html(
            "<table><thead><tr><th>Field</th><th>Now</th><th>Proposed</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join(
                "", "<tr><th>{}</th><td>{}</td><td><strong>{}</strong></td></tr>", rows
            ),
        )

    @admin.display(description="credentials and training")
    def proposed_rows(self, submission):
        kinds = [(Credential, "credentials"), (IPTTraining, "ipt_trainings")]
        rows = [(model, data) for model, key in kinds for data in submission.data.get(key, [])]
        # Issuers are named by id in the stored data; read them in one query.
        issuer_ids = {d.get("issuer") for _, d in rows if str(d.get("issuer") or "").isdigit()}
        issuers = {str(i.pk): i for i in IssuingBody.objects.filter(pk__in=issuer_ids)}
        items = []
        for model, data in rows:
            parts = []
            for name, value in data.items():
                if value in (None, ""):
                    continue
                field = model._meta.get_field(name)
                shown_value = issuers.get(str(value), value) if name == "issuer" else value
                parts.append(f"{capfirst(field.verbose_name)}: {shown(field, shown_value)}")
            items.append([f"{capfirst(model._meta.verbose_name)}: " + "; ".join(parts)])
        if not items:
            return "None proposed."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items))

    @admin.action(
        description="Accept: publish new listings, apply corrections…", permissions=["change"]
    )
    def accept_submissions(self, request, queryset):
        def perform(data):
            accepted = 0
            for submission in queryset.filter(status=Submission.Status.PENDING):
                try:
                    if submission.kind == Submission.Kind.CORRECTION:
                        curation.apply_correction(submission, request.user, data["note"])
                    elif not request.user.has_perm("directory.publish_therapist"):
                        raise curation.SubmissionInvalid(["you may not publish listings"])
                    else:
                        moved, _ = curation.change_status(
                            Therapist.objects.filter(pk=submission.therapist_id),
                            "publish",
                            request.user,
                            f"Submission accepted: {data['note']}",
                        )
                        if not moved:
                            raise curation.SubmissionInvalid(["the listing is not pending"])
                        curation.close_submission(
                            submission, Submission.Status.ACCEPTED, request.user, data["note"]
                        )
                    accepted += 1
                except curation.SubmissionInvalid as error:
                    self.message_user(
                        request, f"Not accepted: {submission}: {error}", messages.ERROR
                    )
            self.message_user(request, f"Accepted {accepted} {plural(accepted, 'submission')}.")

        return self.confirm_submissions(request, queryset, "accept_submissions", "Accept", perform)

    @admin.action(description="Reject, with a note…", permissions=["change"])
    def reject_submissions(self, request, queryset):
        def perform(data):
            rejected = 0
            for submission in queryset.filter(status=Submission.Status.PENDING):
                curation.reject_submission(submission, request.user, data["note"])
                rejected += 1
            self.message_user(request, f"Rejected {rejected} {plural(rejected, 'submission')}.")

        return self.confirm_submissions(request, queryset, "reject_submissions", "Reject", perform)

    def confirm_submissions(self, request, queryset, action, verb, perform):
        return confirm(
            self,
            request,
            queryset.select_related("therapist"),
            title=f"{verb} submissions",
            intro="Accepting publishes a new listing, or applies a correction to its listing;"
            " changed credentials and training then need verifying."
            if verb == "Accept"
            else "Rejecting a new listing returns it to draft. The note is kept.",
            form_class=NoteForm,
            submit=verb,
            perform=perform,
            refusal=lambda s: None if s.status == Submission.Status.PENDING else "already handled",
            note=lambda s: s.get_kind_display(),
            action=action,
        )


def shown(field, value, many=False):
    """A value as a curator reads it."""
    if many:
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(str(v) for v in items)) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return str(value)
