"""Who may do what in the admin: curators, other staff, visitors, and the sign-in lockout."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, reverse

from ipt_finder.directory import models
from tests import factories
from tests.curation_helpers import admin_url

pytestmark = pytest.mark.django_db

CURATOR_MAY = {
    "therapist": {"view", "add", "change", "publish"},
    "credential": {"view", "add", "change", "delete", "verify"},
    "ipttraining": {"view", "add", "change", "delete", "verify"},
    "culturaltraining": {"view", "add", "change", "delete", "verify"},
    "location": {"view", "add", "change", "delete"},
    "slidingscaletier": {"view", "add", "change", "delete"},
    "problemareaexperience": {"view", "add", "change", "delete"},
    "report": {"view", "change"},
    "submission": {"view", "change"},
    "statuschange": {"view"},
    "organisation": {"view", "add", "change"},
    "issuingbody": {"view", "add", "change"},
    **{
        name: {"view", "add", "change"}
        for name in [
            "condition",
            "agegroup",
            "adaptation",
            "community",
            "trait",
            "ethnicity",
            "paymentmethod",
            "insurer",
            "insuranceplan",
            "language",
        ]
    },
    "state": {"view"},
}


def staff_with(*codenames):
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="directory", codename__in=codenames)
    )
    return user


# The group


def test_the_curator_group_has_exactly_the_permissions_curators_need():
    granted = Group.objects.get(name="Curator").permissions.select_related("content_type")
    assert {p.content_type.app_label for p in granted} == {"directory"}
    by_model = {}
    for permission in granted:
        action = permission.codename.removesuffix(f"_{permission.content_type.model}")
        by_model.setdefault(permission.content_type.model, set()).add(action)
    assert by_model == CURATOR_MAY


def test_curators_can_delete_no_listing_and_no_history(curator):
    for codename in [
        "directory.delete_therapist",
        "directory.delete_statuschange",
        "directory.change_statuschange",
        "directory.delete_report",
        "directory.delete_submission",
        "admin.delete_logentry",
        "admin.change_logentry",
        "auth.add_user",
        "auth.change_user",
        "auth.change_group",
        "auth.change_permission",
    ]:
        assert not curator.has_perm(codename), codename


# What a curator sees and does


def test_a_curator_sees_the_directory_but_not_users_or_groups(curator_client):
    page = curator_client.get(reverse("admin:index"))
    assert page.status_code == 200
    apps = {
        app["app_label"]: {m["object_name"] for m in app["models"]}
        for app in page.context["app_list"]
    }
    assert set(apps) == {"directory"}
    assert {"Therapist", "Credential", "Report", "Submission", "StatusChange"} <= apps["directory"]


@pytest.mark.parametrize(
    "url",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
    ],
)
def test_a_curator_cannot_manage_users_or_groups(curator_client, url):
    assert curator_client.get(reverse(url)).status_code == 403


def test_a_curator_cannot_change_their_own_account_or_group(curator_client, curator):
    group = Group.objects.get(name="Curator")
    assert (
        curator_client.get(reverse("admin:auth_user_change", args=[curator.pk])).status_code == 403
    )
    assert (
        curator_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    )
    response = curator_client.post(
        reverse("admin:auth_user_change", args=[curator.pk]),
        {"username": curator.username, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    curator.refresh_from_db()
    assert not curator.is_superuser


def test_a_curator_cannot_delete_listings_history_reports_or_submissions(curator_client):
    records = [
        factories.TherapistFactory(),
        factories.StatusChangeFactory(),
        factories.ReportFactory(),
        factories.SubmissionFactory(),
    ]
    for record in records:
        url = admin_url(type(record), "delete", record.pk)
        assert curator_client.get(url).status_code == 403
        assert curator_client.post(url, {"post": "yes"}).status_code == 403
        assert type(record).objects.filter(pk=record.pk).exists()
    changelist = curator_client.get(admin_url(models.Therapist))
    assert "delete_selected" not in dict(changelist.context["action_form"].fields["action"].choices)


def test_a_curator_cannot_add_history_reports_or_submissions_by_hand(curator_client):
    for model in (models.StatusChange, models.Report, models.Submission):
        assert curator_client.get(admin_url(model, "add")).status_code == 403


def test_history_is_never_edited_and_only_a_superuser_deletes_it(admin_client, curator_client):
    change = factories.StatusChangeFactory()
    page = admin_client.get(admin_url(models.StatusChange, "change", change.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    delete = admin_url(models.StatusChange, "delete", change.pk)
    assert curator_client.get(delete).status_code == 403
    assert admin_client.get(delete).status_code == 200
    admin_client.post(delete, {"post": "yes"})
    assert not models.StatusChange.objects.filter(pk=change.pk).exists()


def test_a_curator_can_edit_a_listing_and_its_rows(curator_client):
    credential = factories.CredentialFactory()
    for url in [
        admin_url(models.Therapist, "change", credential.therapist_id),
        admin_url(models.Credential, "change", credential.pk),
        admin_url(models.Credential, "delete", credential.pk),
        admin_url(models.Therapist, "add"),
        reverse("admin:directory_credential_expiries"),
        reverse("admin:directory_therapist_import"),
        reverse("admin:directory_therapist_export"),
    ]:
        assert curator_client.get(url).status_code == 200, url


def test_a_curator_has_the_lifecycle_verification_and_queue_actions(curator_client):
    def actions(model):
        response = curator_client.get(admin_url(model))
        return set(dict(response.context["action_form"].fields["action"].choices)) - {""}

    assert actions(models.Therapist) == {
        "submit_for_review",
        "publish",
        "suspend",
        "send_back_for_review",
        "return_to_draft",
        "confirm_accepting",
        "clear_review_flag",
    }
    assert {"verify_selected", "reject_selected"} <= actions(models.Credential)
    assert {"verify_selected", "reject_selected"} <= actions(models.IPTTraining)
    assert {"verify_selected", "reject_selected"} <= actions(models.CulturalTraining)
    assert actions(models.Report) == {"resolve_reports", "dismiss_reports"}
    assert actions(models.Submission) == {"accept_submissions", "reject_submissions"}


# Other staff: each power needs its own permission


def test_staff_who_may_edit_but_not_publish_cannot_change_status(client):
    client.force_login(staff_with("view_therapist", "change_therapist"))
    therapist = factories.TherapistFactory(status="pending")
    response = client.get(admin_url(models.Therapist))
    choices = set(dict(response.context["action_form"].fields["action"].choices))
    assert "publish" not in choices and "confirm_accepting" in choices
    transition = reverse("admin:directory_therapist_transition", args=[therapist.pk, "publish"])
    assert client.get(transition).status_code == 403
    assert client.post(transition, {"confirm": "yes", "reason": "x"}).status_code == 403
    response = client.post(
        admin_url(models.Therapist),
        {"action": "publish", "_selected_action": [therapist.pk], "confirm": "yes", "reason": "x"},
    )
    therapist.refresh_from_db()
    assert therapist.status == "pending"


def test_staff_who_may_edit_but_not_verify_cannot_give_a_verdict(client):
    client.force_login(staff_with("view_credential", "change_credential"))
    credential = factories.CredentialFactory()
    changelist = client.get(admin_url(models.Credential))
    # Without delete or verify permissions there are no actions at all.
    assert changelist.context["action_form"] is None
    page = client.get(admin_url(models.Credential, "change", credential.pk))
    assert "verification" not in page.context["adminform"].form.fields
    client.post(
        admin_url(models.Credential),
        {
            "action": "verify_selected",
            "_selected_action": [credential.pk],
            "confirm": "yes",
            "source": "x",
        },
    )
    credential.refresh_from_db()
    assert credential.verification == "unverified"


def test_staff_who_may_only_view_cannot_import_or_see_the_dashboard(client):
    client.force_login(staff_with("view_therapist"))
    assert client.get(reverse("admin:directory_therapist_import")).status_code == 403
    assert client.get(reverse("admin:directory_credential_expiries")).status_code == 403
    assert client.get(reverse("admin:directory_therapist_export")).status_code == 200


def test_a_superuser_can_do_everything(admin_client):
    therapist = factories.TherapistFactory()
    assert admin_client.get(admin_url(models.Therapist, "delete", therapist.pk)).status_code == 200
    assert admin_client.get(reverse("admin:auth_user_changelist")).status_code == 200


# Visitors


def admin_paths(patterns=None, prefix=""):
    """Every URL the admin serves, with sample values for its parameters."""
    samples = {
        "object_id": "1",
        "app_label": "directory",
        "content_type_id": "1",
        "name": "publish",
    }
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            if route.startswith("^(?P<url>"):
                route = "no-such-page/"
            filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples.get(m[1], "1"), route)
            yield pattern.name or route, "/admin/" + filled.lstrip("^").rstrip("$")


ADMIN_PATHS = dict(admin_paths())


def test_the_admin_paths_include_every_registered_model_and_the_curation_pages():
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add", "change", "delete", "history"):
            assert f"{opts.app_label}_{opts.model_name}_{view}" in ADMIN_PATHS
    for name in [
        "directory_credential_expiries",
        "directory_therapist_import",
        "directory_therapist_export",
        "directory_therapist_transition",
    ]:
        assert name in ADMIN_PATHS
    assert len(ADMIN_PATHS) > 5 * len(admin.site._registry)


@pytest.mark.parametrize("path", ADMIN_PATHS.values(), ids=ADMIN_PATHS.keys())
def test_an_anonymous_visitor_gets_the_sign_in_page_at_every_admin_url(client, path):
    factories.TherapistFactory(pk=1)
    for method in (client.get, client.post):
        response = method(path)
        if path == reverse("admin:login"):
            assert response.status_code == 200
        elif path == reverse("admin:logout"):
            # Only POST logs out; either way the visitor is still anonymous.
            assert response.status_code in {302, 405}
            assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
        else:
            assert response.status_code == 302, (path, response.status_code)
            assert response.url.startswith(reverse("admin:login") + "?next=")


def test_a_signed_in_visitor_who_is_not_staff_gets_the_sign_in_page(client):
    client.force_login(factories.UserFactory())
    for path in [reverse("admin:index"), admin_url(models.Therapist), admin_url(models.Report)]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


# Sign-in lockout


def sign_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def test_repeated_failures_lock_the_sign_in_with_a_clear_message(client, curator):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, curator.username, "wrong").status_code == 200

    locked = sign_in(client, curator.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    assert "locked for 60 minutes" in locked.text

    # Even the right password is refused until the lock lifts.
    response = sign_in(client, curator.username, "correct horse battery staple")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, curator.username, "wrong")
    assert sign_in(client, curator.username, "correct horse battery staple").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, curator.username, "wrong").status_code == 200
    assert sign_in(client, curator.username, "correct horse battery staple").status_code == 302


def test_a_lockout_does_not_lock_out_other_accounts(client, curator):
    other = factories.UserFactory(is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, curator.username, "wrong")
    assert sign_in(client, other.username, "correct horse battery staple").status_code == 302


def test_lockouts_do_not_carry_over_between_tests(client, curator):
    # Runs after the lockout tests: attempts are rolled back with each test's database.
    assert sign_in(client, curator.username, "correct horse battery staple").status_code == 302


def test_staff_who_may_handle_submissions_but_not_publish_cannot_publish_through_them(client):
    client.force_login(staff_with("view_submission", "change_submission"))
    submission = factories.SubmissionFactory(kind="new", therapist__status="pending")
    client.post(
        admin_url(models.Submission),
        {
            "action": "accept_submissions",
            "_selected_action": [submission.pk],
            "confirm": "yes",
            "note": "Looks fine.",
        },
    )
    submission.refresh_from_db()
    assert (submission.status, submission.therapist.status) == ("pending", "pending")
