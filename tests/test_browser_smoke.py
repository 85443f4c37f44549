import re

import pytest
from playwright.sync_api import expect

from tests.factories import CredentialFactory, TherapistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_listings_and_is_accessible(page, axe_violations):
    therapist = TherapistFactory(name="Rosa Delgado", reviewed_on="2026-11-01")
    CredentialFactory(therapist=therapist, verified=True)

    response = page.goto("/")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Find a therapist"))
    card = page.get_by_role("article").filter(has_text="Rosa Delgado")
    expect(card.get_by_text("Verified licence")).to_be_visible()
    assert axe_violations(page) == []


def test_home_page_works_by_keyboard(page):
    TherapistFactory(name="Rosa Delgado", reviewed_on="2026-11-01")
    page.goto("/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()


def test_profile_page_is_accessible(page, axe_violations):
    therapist = TherapistFactory(name="Rosa Delgado")
    CredentialFactory(therapist=therapist, verified=True)

    page.goto(therapist.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Rosa Delgado"))
    assert axe_violations(page) == []


def test_admin_login_page_is_accessible(page, axe_violations):
    response = page.goto("/admin/login/")

    assert response.status == 200
    expect(page.get_by_label("Username")).to_be_visible()
    assert axe_violations(page) == []


def test_admin_login_works_in_the_browser(page, admin_user):
    page.goto("/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Directory")


def test_pages_work_without_javascript(no_js_page):
    TherapistFactory(name="Rosa Delgado", reviewed_on="2026-11-01")

    no_js_page.goto("/")
    no_js_page.get_by_role("link", name="Rosa Delgado").click()

    expect(no_js_page.get_by_role("heading", level=1)).to_contain_text("Rosa Delgado")
