"""The curators' queues: visitors' reports, status history and therapists' submissions."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from ipt_finder.directory.admin.common import NoteForm, confirm, plural
from ipt_finder.directory.admin.filters import open_report_count
from ipt_finder.directory.submissions.forms import ListingForm

from ..curation import services as curation
from ..models import (
    Credential,
    IPTTraining,
    IssuingBody,
    Report,
    StatusChange,
    Submission,
    Therapist,
)

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
            skipped = queryset.count() - count
            if skipped:
                self.message_user(
                    request,
                    f"{skipped} {plural(skipped, 'report')} already closed, left as they were.",
                    messages.WARNING,
                )

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
        may_publish = request.user.has_perm("directory.publish_therapist")
        return self.handle_submissions(
            request,
            queryset,
            "accept_submissions",
            "Accept",
            lambda submission, note: curation.accept_submission(
                submission, request.user, note, may_publish
            ),
        )

    @admin.action(description="Reject, with a note…", permissions=["change"])
    def reject_submissions(self, request, queryset):
        return self.handle_submissions(
            request,
            queryset,
            "reject_submissions",
            "Reject",
            lambda submission, note: curation.reject_submission(submission, request.user, note),
        )

    def handle_submissions(self, request, queryset, action, verb, handle):
        """Each submission in its own transaction; one another curator handled is reported."""
        done_word = {"Accept": "Accepted", "Reject": "Rejected"}[verb]

        def perform(data):
            done = 0
            for submission in queryset.select_related("therapist"):
                try:
                    handle(submission, data["note"])
                    done += 1
                except curation.SubmissionInvalid as error:
                    self.message_user(
                        request, f"Not {done_word.lower()}: {submission}: {error}", messages.ERROR
                    )
            self.message_user(request, f"{done_word} {done} {plural(done, 'submission')}.")

        return self.confirm_submissions(request, queryset, action, verb, perform)

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
            destructive=verb == "Reject",
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
