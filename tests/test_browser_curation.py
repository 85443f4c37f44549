"""A curator's day in a real browser: verify, publish, resolve a report, suspend."""

import re

import pytest
from playwright.sync_api import expect

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status, Verification
from tests import factories
from tests.curation_helpers import curator_group

# The Curator group comes from a data migration, which a transactional test must restore.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def curator_user():
    user = factories.UserFactory(username="casey", is_staff=True)
    user.groups.add(curator_group())
    return user


def run_action(page, pk, action):
    page.locator(f"input[name='_selected_action'][value='{pk}']").check()
    page.get_by_label("Action:").select_option(action)
    page.get_by_role("button", name="Run").click()


def search_names(page):
    page.goto("/search/")
    return page.locator("main h2, main h3").all_inner_texts()


def sign_in(page, user):
    page.goto("/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()


def test_a_curator_verifies_publishes_resolves_and_suspends(page, curator_user, axe_violations):
    therapist = factories.TherapistFactory(
        name="Rosa Delgado", status=Status.PENDING, email="rosa@example.org"
    )
    credential = factories.CredentialFactory(
        therapist=therapist, issuer__lookup_url="http://127.0.0.1/board-lookup"
    )
    report = factories.ReportFactory(therapist=therapist, contact="visitor@example.net")
    change_page = f"/admin/directory/therapist/{therapist.pk}/change/"
    sign_in(page, curator_user)

    # The listing's own page: its checklist first, and its credentials near the top.
    page.goto(change_page)
    expect(page.get_by_role("heading", name="Ready to publish? Not yet")).to_be_visible()
    credentials = page.locator("#credentials-group")
    expect(credentials.get_by_role("link", name="public lookup")).to_have_attribute(
        "href", "http://127.0.0.1/board-lookup"
    )
    assert credentials.bounding_box()["y"] < 2500
    assert page.evaluate("document.body.scrollHeight") < 5000
    assert axe_violations(page) == []

    # Verify the licence from there, recording the source.
    credentials.get_by_role("link", name="Verify…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify credentials")
    expect(page.get_by_label("Source checked:")).to_have_value("http://127.0.0.1/board-lookup")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Verified 1 credential.")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(change_page) + "$"))
    credential.refresh_from_db()
    assert credential.verification == Verification.VERIFIED
    assert credential.verified_by == curator_user

    # Publish through the checklist: its IPT training is not verified, so only an override will do.
    assert "Rosa Delgado" not in search_names(page)
    page.goto(change_page)
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.locator(".point-met").filter(has_text="A current verified licence")).to_be_visible()
    expect(page.locator(".point-unmet")).to_have_text(
        ["Not met: Verified IPT training (no IPT training is verified and current)"]
    )
    assert axe_violations(page) == []
    page.get_by_label("Reason:").fill("Licence verified with the state board.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Nothing selected is ready")).to_be_visible()
    page.get_by_label("Publish the listings that are not ready anyway").check()
    page.get_by_label("Why publish them anyway:").fill("ISIPT confirmed the certificate by phone.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("1 listing published.")).to_be_visible()
    history = page.locator("#status_changes-group")
    expect(history).to_contain_text("Override, published without: verified IPT training.")
    expect(history).to_contain_text("ISIPT confirmed the certificate by phone.")
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
    page.goto(change_page)
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
    assert "Override, published without: verified IPT training." in history[0].reason
    assert {c.changed_by for c in history} == {curator_user}


def test_date_fields_name_the_time_zone_in_words(new_page, curator_user):
    page = new_page(timezone_id="Europe/London")
    therapist = factories.TherapistFactory()
    sign_in(page, curator_user)
    page.goto(f"/admin/directory/therapist/{therapist.pk}/change/")
    expect(page.locator("#id_reviewed_on_timezone_warning_helptext")).to_contain_text(
        "Note: Enter times in the Eastern Time (New York) timezone."
    )
    assert "America/New_York" not in page.locator("#content").inner_text()


def test_the_submission_form_is_accessible(page, axe_violations):
    factories.IssuingBodyFactory(name="New York State Board for Social Work")

    page.goto("/")
    page.get_by_role("link", name="List your practice").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("List your IPT practice")
    assert axe_violations(page) == []
