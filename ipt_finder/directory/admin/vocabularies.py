"""The vocabularies curators maintain: conditions, traits, insurers, states, issuing bodies."""

from django.contrib import admin
from django.db.models import Count

from ..models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Insurer,
    IssuingBody,
    Language,
    PaymentMethod,
    State,
    Trait,
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
