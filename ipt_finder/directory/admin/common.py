"""Shared by every admin page: verification display, confirmations, the verify permission."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from ..choices import Verification
from ..curation import services as curation
from ..models import (
    Verifiable,
)

EXPIRING_SOON_DAYS = curation.EXPIRY_WARNING_DAYS
VERDICTS = {"verify": "Verify…", "reject": "Reject…"}
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
    destructive=False,
):
    """Show what an action will do and ask for its form; act once the form is valid.

    `refusal(obj)` says why an object can't be changed (it is listed apart and
    left alone). `perform(cleaned_data)` acts; an action then returns to the
    changelist, and a single-object view goes to `done_url`. Only a
    `destructive` action gets the red button.
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
        "destructive": destructive,
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

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_verdict"
        view = self.admin_site.admin_view(self.verdict_view)
        return [
            path("<path:object_id>/verdict/<slug:verdict>/", view, name=name),
            *super().get_urls(),
        ]

    def verdict_view(self, request, object_id, verdict):
        """Verify or reject one record, from its listing's page, and go back there."""
        record = self.get_object(request, object_id)
        if record is None or verdict not in VERDICTS:
            raise Http404("No such record or verdict.")
        if not self.has_verify_permission(request):
            raise PermissionDenied
        verdict = Verification.VERIFIED if verdict == "verify" else Verification.REJECTED
        done_url = reverse("admin:directory_therapist_change", args=[record.therapist_id])
        queryset = self.get_queryset(request).filter(pk=record.pk)
        return self.give_verdict(request, queryset, verdict, None, done_url)

    @admin.action(description="Verify selected, recording the source…", permissions=["verify"])
    def verify_selected(self, request, queryset):
        return self.give_verdict(request, queryset, Verification.VERIFIED, "verify_selected")

    @admin.action(description="Reject selected as not verifiable…", permissions=["verify"])
    def reject_selected(self, request, queryset):
        return self.give_verdict(request, queryset, Verification.REJECTED, "reject_selected")

    def source_hint(self, records):
        return ""

    def give_verdict(self, request, queryset, verdict, action, done_url=None):
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
            done_url=done_url,
            destructive=not verifying,
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


def inline_verification(*checks):
    """The verification fieldset of a listing's row, with the links to check and judge it."""
    name, options = VERIFICATION_FIELDSET
    return (name, {"fields": [*options["fields"], (*checks, verdict_links)]})


@admin.display(description="check it")
def issuer_lookup(record):
    if record.pk is None:
        return "—"
    issuer = record.issuer if record.issuer_id else None
    if issuer is None or not issuer.lookup_url:
        return "No public lookup for this issuer."
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}: public lookup</a>',
        issuer.lookup_url,
        issuer,
    )


@admin.display(description="verdict")
def verdict_links(record):
    if record.pk is None:
        return "Save it first."
    name = record._meta.model_name
    return format_html_join(
        " ",
        '<a class="button" href="{}">{}</a>',
        [
            (reverse(f"admin:directory_{name}_verdict", args=[record.pk, verdict]), label)
            for verdict, label in VERDICTS.items()
        ],
    )


class VerifiableInline(VerifyPermissionMixin, admin.StackedInline):
    """A listing's record, with links to verify or reject it from the listing's page."""

    extra = 0
    show_change_link = True
    readonly_fields = [*VERIFICATION_STAMP, verified_now, verdict_links]
    related = ["verified_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_verify_permission(request):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [without(line, verdict_links) for line in options["fields"]]},
            )
            for name, options in fieldsets
        ]


def without(line, field):
    """A fieldset line (a field or a tuple of fields) without `field`."""
    return tuple(f for f in line if f is not field) if isinstance(line, tuple) else line


def plural(count, noun="listing"):
    return noun if count == 1 else f"{noun}s"
