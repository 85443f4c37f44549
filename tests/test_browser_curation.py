"""A curator's day in a real browser: verify, publish, resolve a report, suspend."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status, Verification
from tests import factories

# The Curator group comes from a data migration, which a transactional test must restore.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def curator_user():
    user = factories.UserFactory(username="casey", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user


def run_action(page, pk, action):
    page.locator(f"input[name='_selected_action'][value='{pk}']").check()
    page.get_by_label("Action:").select_option(action)
    page.get_by_role("button", name="Run").click()


def search_names(page):
    page.goto("/search/")
    return page.locator("main h2, main h3").all_inner_texts()


def test_a_curator_verifies_publishes_resolves_and_suspends(page, curator_user, axe_violations):
    therapist = factories.TherapistFactory(name="Rosa Delgado", status=Status.PENDING)
    credential = factories.CredentialFactory(
        therapist=therapist, issuer__lookup_url="http://127.0.0.1/board-lookup"
    )
    report = factories.ReportFactory(therapist=therapist, contact="visitor@example.net")

    page.goto("/admin/")
    page.get_by_label("Username").fill(curator_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()

    # Verify the licence, recording the source.
    page.goto("/admin/directory/credential/")
    run_action(page, credential.pk, "verify_selected")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify credentials")
    assert axe_violations(page) == []
    expect(page.get_by_label("Source checked:")).to_have_value("http://127.0.0.1/board-lookup")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Verified 1 credential.")).to_be_visible()
    credential.refresh_from_db()
    assert credential.verification == Verification.VERIFIED
    assert credential.verified_by == curator_user

    # Publish the pending listing, with a reason.
    assert "Rosa Delgado" not in search_names(page)
    page.goto("/admin/directory/therapist/?status__exact=pending")
    run_action(page, therapist.pk, "publish")
    page.get_by_label("Reason:").fill("Licence verified with the state board.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("1 listing published.")).to_be_visible()
    assert "Rosa Delgado" in search_names(page)
    page.get_by_role("link", name="Rosa Delgado").first.click()
    expect(page.get_by_text("Verified licence").first).to_be_visible()
    assert "visitor@example.net" not in page.content()

    # Resolve the visitor's report from the queue.
    page.goto("/admin/")
    page.get_by_role("link", name="Reports queue").click()
    expect(page.locator("#result_list").get_by_text("Rosa Delgado")).to_be_visible()
    run_action(page, report.pk, "resolve_reports")
    page.get_by_label("Note:").fill("Confirmed by phone: the waitlist is closed.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("Resolved 1 report.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == models.Report.Status.RESOLVED

    # Suspend it from its own page; it leaves the public directory at once.
    page.goto(f"/admin/directory/therapist/{therapist.pk}/change/")
    page.get_by_role("link", name="Suspend", exact=True).click()
    page.get_by_label("Reason:").fill("Complaint under review by the board.")
    page.get_by_role("button", name="Suspend").click()
    expect(page.get_by_text("1 listing suspended.")).to_be_visible()
    expect(page.get_by_text("Complaint under review by the board.")).to_be_visible()
    assert "Rosa Delgado" not in search_names(page)
    assert page.request.get(therapist.get_absolute_url()).status == 404

    history = list(therapist.status_changes.order_by("changed_at", "id"))
    assert [(c.from_status, c.to_status) for c in history] == [
        (Status.PENDING, Status.PUBLISHED),
        (Status.PUBLISHED, Status.SUSPENDED),
    ]
    assert {c.changed_by for c in history} == {curator_user}


def test_the_submission_form_is_accessible(page, axe_violations):
    factories.IssuingBodyFactory(name="New York State Board for Social Work")

    page.goto("/")
    page.get_by_role("link", name="List your practice").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("List your IPT practice")
    assert axe_violations(page) == []
