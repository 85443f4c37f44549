"""The listing list's filters."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from ..choices import Accepting
from ..curation import services as curation
from ..models import (
    FRESHNESS_DAYS,
    Report,
)


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
