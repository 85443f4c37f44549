"""A listing's lifecycle in the admin: the status actions, and the checklist before publishing."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from ipt_finder.directory.admin.common import ReasonForm, confirm, plural

from ..choices import Status
from ..curation import readiness
from ..curation import services as curation
from ..models import Therapist

# Moves that take a listing out of the public directory get the red button.
DESTRUCTIVE = {"suspend", "send_back_for_review", "return_to_draft"}


class PublishForm(ReasonForm):
    override = forms.BooleanField(
        required=False, label="Publish the listings that are not ready anyway"
    )
    override_reason = forms.CharField(
        label="Why publish them anyway",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Recorded in each one's history, with the points it does not meet.",
    )

    def __init__(self, *args, unready=0, ready=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.ready = ready
        if not unready:
            del self.fields["override"], self.fields["override_reason"]

    def clean(self):
        cleaned = super().clean()
        if "override" not in self.fields:
            return cleaned
        override, why = cleaned.get("override"), cleaned.get("override_reason", "").strip()
        if override and not why:
            self.add_error("override_reason", "Say why they should be published anyway.")
        elif why and not override:
            self.add_error("override", "Tick this to publish anyway, or clear the reason.")
        elif not override and not self.ready:
            self.add_error(
                "override", "Nothing selected is ready: publish anyway with a reason, or go back."
            )
        return cleaned


def transition_action(transition):
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_transition(request, queryset, transition, action=transition.name)

    action.__name__ = transition.name
    return admin.action(description=f"{transition.label}…", permissions=["publish"])(action)


class LifecycleMixin:
    """Status changes for TherapistAdmin: each asks for a reason, publishing for a checklist."""

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("directory.publish_therapist")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        therapist = self.get_object(request, object_id)
        extra = {}
        if therapist is not None:
            extra["checklist"] = readiness.checklist(therapist)
            if self.has_publish_permission(request):
                extra["transitions"] = [
                    t for t in curation.TRANSITIONS if t.allows(therapist.status)
                ]
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def confirm_transition(self, request, queryset, transition, action=None, done_url=None):
        if transition.name == "publish":
            return self.confirm_publish(request, queryset, action, done_url)

        def perform(data):
            moved, refused = curation.change_status(
                queryset, transition, request.user, data["reason"]
            )
            self.report_moves(request, moved, transition.done, refused)

        return self.confirm_move(
            request, queryset, transition, action, done_url, ReasonForm, perform,
            note=lambda t: f"now {t.get_status_display().lower()}",
        )  # fmt: skip

    def confirm_publish(self, request, queryset, action, done_url):
        transition = curation.TRANSITIONS_BY_NAME["publish"]
        listings = list(queryset)
        checklists = {t.pk: readiness.checklist(t) for t in listings}
        movable = [t for t in listings if transition.allows(t.status)]
        unready = sum(1 for t in movable if checklists[t.pk].unmet)

        def form_class(data, initial=None):
            return PublishForm(data, initial=initial, unready=unready, ready=len(movable) - unready)

        def perform(data):
            override = data["override_reason"] if data.get("override") else ""
            result = curation.publish(queryset, request.user, data["reason"], override)
            self.report_moves(request, result.published, transition.done, result.refused)
            if result.unready:
                names = "; ".join(
                    f"{t} ({readiness.Checklist(p)})" for t, p in result.unready.items()
                )
                self.message_user(request, f"Not published: {names}.", messages.WARNING)

        return self.confirm_move(
            request, listings, transition, action, done_url, form_class, perform,
            note=lambda t: checklists[t.pk],
        )  # fmt: skip

    def confirm_move(
        self, request, listings, transition, action, done_url, form_class, perform, note
    ):
        target = Status(transition.target)
        return confirm(
            self,
            request,
            listings,
            title=f"{transition.label}: make listings {target.label.lower()}",
            intro="Only published listings appear in search, match and compare."
            if target in (Status.PUBLISHED, Status.SUSPENDED)
            else "",
            form_class=form_class,
            submit=transition.label,
            perform=perform,
            refusal=lambda t: (
                None if transition.allows(t.status) else f"it is {t.get_status_display().lower()}"
            ),
            note=note,
            action=action,
            done_url=done_url,
            destructive=transition.name in DESTRUCTIVE,
        )

    def report_moves(self, request, moved, done, refused):
        self.message_user(request, f"{len(moved)} {plural(len(moved))} {done}.")
        if refused:
            names = ", ".join(f"{t} ({t.get_status_display().lower()})" for t in refused)
            self.message_user(request, f"Not changed: {names}.", messages.WARNING)

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
