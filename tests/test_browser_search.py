"""The search, profile and report pages in a real browser.

A person near Albany, NY looks for a Spanish-speaking therapist for depression
who offers a sliding scale, reads the profile and reports that something on it
is out of date; with and without JavaScript, by keyboard and on a phone. Every
page loads nothing from outside 127.0.0.1, logs no console error (which is how
Chromium reports Content-Security-Policy violations) and passes axe.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ipt_finder.directory.choices import (
    AccessConfirmedBy,
    Consultation,
    Experience,
    Wheelchair,
)
from ipt_finder.directory.models import Report
from ipt_finder.directory.web import spam
from tests.factories import (
    AdaptationFactory,
    AgeGroupFactory,
    CommunityFactory,
    ConditionFactory,
    CredentialFactory,
    CulturalTrainingFactory,
    EthnicityFactory,
    InsurancePlanFactory,
    InsurerFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    PaymentMethodFactory,
    ProblemAreaExperienceFactory,
    SlidingScaleTierFactory,
    StateFactory,
    TherapistFactory,
    TraitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Within a mile of ZIP 12207 (downtown Albany, NY), and a few nearby towns.
ALBANY = {"city": "Albany", "postal_code": "12207", "latitude": "42.6500", "longitude": "-73.7500"}
TROY = {"city": "Troy", "postal_code": "12180", "latitude": "42.7284", "longitude": "-73.6918"}
SCHENECTADY = {
    "city": "Schenectady",
    "postal_code": "12305",
    "latitude": "42.8142",
    "longitude": "-73.9396",
}
# About 135 miles away: outside every radius but the widest.
MANHATTAN = {
    "street": "350 Fifth Avenue",
    "city": "New York",
    "postal_code": "10118",
    "latitude": "40.7484",
    "longitude": "-73.9857",
}

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(new_page):
    return new_page(**PHONE)


@pytest.fixture(autouse=True)
def quick_forms(monkeypatch):
    """Forms may be sent at once; the test that needs the minimum time sets its own."""
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)


@pytest.fixture
def listings():
    """Four therapists: one in Albany who matches everything, and three who miss
    the match by one thing each (sliding scale, language and condition, distance)."""
    depression = ConditionFactory(slug="depression", name="Depression")
    anxiety = ConditionFactory(slug="anxiety", name="Anxiety")
    english = LanguageFactory(code="en", name="English")
    spanish = LanguageFactory(code="es", name="Spanish")

    def listing(name, place, *, languages, conditions, sliding_scale):
        extra = {"sliding_scale": True, "sliding_scale_min_fee": 40} if sliding_scale else {}
        therapist = TherapistFactory(
            name=name, languages=languages, fee=150, reviewed_on=timezone.localdate(), **extra
        )
        therapist.conditions.set(conditions)
        LocationFactory(therapist=therapist, **place)
        CredentialFactory(therapist=therapist, verified=True)
        return therapist

    return {
        "rosa": listing(
            "Rosa Delgado",
            ALBANY,
            languages=[english, spanish],
            conditions=[depression],
            sliding_scale=True,
        ),
        "marta": listing(
            "Marta Ruiz", TROY, languages=[spanish], conditions=[depression], sliding_scale=False
        ),
        "priya": listing(
            "Priya Nair",
            SCHENECTADY,
            languages=[english],
            conditions=[anxiety],
            sliding_scale=True,
        ),
        "samuel": listing(
            "Samuel Okafor",
            MANHATTAN,
            languages=[spanish],
            conditions=[depression],
            sliding_scale=True,
        ),
    }


@pytest.fixture
def full_profile():
    """A listing with something in every section of the profile page."""
    therapist = TherapistFactory(
        name="Elena Marquez",
        pronouns="she/her",
        languages=[
            LanguageFactory(code="en", name="English"),
            LanguageFactory(code="es", name="Spanish"),
        ],
        first_session="We talk about what brings you, and map the people in your life.",
        ipt_courses_completed=120,
        measures_outcomes=True,
        offers_group=True,
        offers_maintenance=True,
        maintenance_frequency="monthly",
        medication="coordinates",
        email="elena.marquez@example.org",
        phone="518-555-0142",
        website="https://example.org/elena",
        booking_url="https://example.org/elena/book",
        gender="woman",
        lgbtq=True,
        ethnicity_description="Mexican American",
        faith="christian",
        telehealth_video=True,
        telehealth_phone=True,
        evening_hours=True,
        weekend_hours=True,
        fee=160,
        consultation=Consultation.FREE,
        consultation_minutes=20,
        sliding_scale=True,
        sliding_scale_min_fee=40,
        superbills=True,
        cancellation_policy="Please give 24 hours' notice.",
        confirmed_on=timezone.localdate() - datetime.timedelta(days=20),
        reviewed_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    therapist.conditions.set(
        [
            ConditionFactory(slug="depression", name="Depression"),
            ConditionFactory(slug="perinatal-depression", name="Perinatal depression"),
        ]
    )
    therapist.age_groups.set([AgeGroupFactory(slug="adults", name="Adults")])
    therapist.adaptations.set([AdaptationFactory(slug="ipt-a", name="IPT-A for adolescents")])
    therapist.communities.set([CommunityFactory(slug="immigrants", name="Immigrants")])
    therapist.ethnicities.set([EthnicityFactory(slug="latino", name="Hispanic or Latino")])
    therapist.traits.set([TraitFactory(slug="warm", name="Warm", kind="personality")])
    therapist.payment_methods.set([PaymentMethodFactory(slug="hsa", name="HSA card")])
    therapist.telehealth_states.set([StateFactory(code="NY"), StateFactory(code="VT")])
    therapist.insurance_plans.set(
        [
            InsurancePlanFactory(
                insurer=InsurerFactory(slug="aetna", name="Aetna"), slug="ppo", name="PPO"
            ),
            InsurancePlanFactory(
                insurer=InsurerFactory(slug="mvp", name="MVP Health Care"),
                slug="hmo",
                name="HMO",
            ),
        ]
    )
    therapist.organisations.set(
        [
            OrganisationFactory(
                name="Capital Region Community Clinic",
                cost_policy="low_cost",
                cost_details="Fees from $10 for people on Medicaid.",
            ),
            OrganisationFactory(name="Hudson Group Practice", kind="group_practice"),
        ]
    )
    ProblemAreaExperienceFactory(therapist=therapist, area="grief", experience=Experience.EXTENSIVE)
    ProblemAreaExperienceFactory(therapist=therapist, area="role_transitions")
    CredentialFactory(therapist=therapist, verified=True)
    CredentialFactory(
        therapist=therapist,
        verified=True,
        title="Licensed Master Social Worker",
        expires_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    IPTTrainingFactory(therapist=therapist, verified=True)
    IPTTrainingFactory(therapist=therapist, level="workshop", hours=8)
    CulturalTrainingFactory(therapist=therapist)
    LocationFactory(
        therapist=therapist,
        label="Downtown office",
        wheelchair=Wheelchair.YES,
        wheelchair_confirmed_by=AccessConfirmedBy.CURATOR,
        wheelchair_confirmed_on=datetime.date(2026, 5, 1),
        **ALBANY,
    )
    LocationFactory(
        therapist=therapist,
        label="Troy office",
        street="1 Monument Square",
        wheelchair=Wheelchair.NO,
        wheelchair_confirmed_by=AccessConfirmedBy.SELF_REPORTED,
        **TROY,
    )
    SlidingScaleTierFactory(therapist=therapist, income_min=0, income_max=30000, fee=40)
    SlidingScaleTierFactory(therapist=therapist, income_min=30001, income_max=60000, fee=90)
    return therapist


def expect_results(page, names, any_order=False):
    """Waits until the results are these listings (in this order, unless any_order)."""
    results = page.locator("ol.results article h3")
    if not any_order:
        expect(results).to_have_text(names)
        return
    expect(results).to_have_count(len(names))
    for name in names:
        expect(results.filter(has_text=name)).to_have_count(1)


def checkbox(page, name):
    """A checkbox by its accessible name. (get_by_label's regex sees the label's raw
    text, which the form templates pad with whitespace.)"""
    return page.get_by_role("checkbox", name=name)


def open_group(page, title):
    """Open a filter group (a <details>) by clicking its summary, if it is closed."""
    group = page.locator("details.filter-group").filter(has=page.locator("summary", has_text=title))
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    expect(group).to_have_attribute("open", "")
    return group


def search_and_report(page):
    """The whole journey, as a person does it; works with or without JavaScript."""
    page.goto("/search/")
    expect(page.get_by_role("heading", name="4 therapists found")).to_be_visible()

    open_group(page, "Location")
    page.get_by_label("ZIP code or city").fill("12207")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("heading", name="3 therapists found")).to_be_visible()
    expect_results(page, ["Marta Ruiz", "Priya Nair", "Rosa Delgado"], any_order=True)

    # The filters narrowing by place stay open; the others are opened as needed.
    checkbox(page, re.compile(r"^Depression \(2\)$")).check()
    open_group(page, "Language, culture and identity")
    checkbox(page, re.compile(r"^Spanish \(2\)$")).check()
    open_group(page, "Cost")
    checkbox(page, re.compile(r"^Offers a sliding scale")).check()
    page.get_by_role("button", name="Show results").click()

    expect(page.get_by_role("heading", name="1 therapist found")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert query["near"] == ["12207"]
    assert query["condition"] == ["depression"]
    assert query["language"] == ["es"]
    assert query["sliding_scale"] == ["on"]
    expect_results(page, ["Rosa Delgado"])
    card = page.get_by_role("article").filter(has_text="Rosa Delgado")
    expect(card.locator(".distance")).to_have_text("0.4 miles away")
    expect(card.locator(".why")).to_have_text(
        "Why this matches: Treats depression · Works in Spanish · "
        "0.4 miles from Albany, NY 12207 · Sliding scale from $40"
    )
    chips = page.get_by_role("list", name="Active filters")
    expect(chips.get_by_role("link")).to_have_text(
        [
            re.compile(r"^Help with: Depression"),
            re.compile(r"^ZIP code or city: 12207"),
            re.compile(r"^Offers a sliding scale"),
            re.compile(r"^Language: Spanish"),
            "Clear all filters",
        ]
    )

    card.get_by_role("link", name="Rosa Delgado").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rosa Delgado")

    report_outdated(page, "Rosa Delgado")


def report_outdated(page, name):
    """Report, from the profile page, that the sliding scale has changed."""
    report = page.locator("#report")
    report.get_by_label("What is out of date?").select_option(
        label="Fees, sliding scale or insurance"
    )
    report.get_by_label("What should it say?").fill("The sliding scale now starts at $50.")
    report.get_by_role("button", name="Send report").click()

    # Back on the profile, scrolled down to the report form: the thanks must be there.
    expect(page).to_have_url(re.compile(r"/therapists/[\w-]+/#report$"))
    expect(report.get_by_role("heading", name="Report outdated information")).to_be_in_viewport()
    thanks = report.get_by_role("status")
    expect(thanks).to_have_text("Thank you. A curator will check this listing.")
    expect(thanks).to_be_in_viewport()
    reported = Report.objects.get()
    assert reported.therapist.name == name
    assert reported.topic == Report.Topic.FEES
    assert reported.message == "The sliding scale now starts at $50."
    assert reported.contact == ""
    assert reported.status == Report.Status.OPEN


def test_search_filter_open_profile_and_report(page, listings):
    search_and_report(page)


def test_search_filter_open_profile_and_report_without_javascript(no_js_page, listings):
    search_and_report(no_js_page)


def test_a_report_sent_too_fast_is_turned_away_in_view(new_page, listings, monkeypatch):
    # The form is answered with 400, so this page can't use the `page` fixture.
    page = new_page(bad_request=True, **PHONE)
    monkeypatch.setattr(spam, "MIN_SECONDS", 60)
    page.goto(listings["rosa"].get_absolute_url())
    report = page.locator("#report")
    report.get_by_label("What is out of date?").select_option(label="Wheelchair access")
    report.get_by_label("What should it say?").fill("There is a ramp now.")

    report.get_by_role("button", name="Send report").click()

    # The answer scrolls to the form, and keeps what was typed.
    expect(page).to_have_url(re.compile(r"/report/#report$"))
    error = report.get_by_text("That was quicker than a person can type. Please try again.")
    expect(error).to_be_in_viewport()
    expect(report.get_by_label("What should it say?")).to_have_value("There is a ramp now.")
    assert not Report.objects.exists()

    # Sent again once the minimum time has passed (here, once it is lifted).
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    report.get_by_role("button", name="Send report").click()

    expect(report.get_by_role("status")).to_have_text(
        "Thank you. A curator will check this listing."
    )
    assert Report.objects.get().topic == Report.Topic.ACCESS


def test_home_page_has_no_axe_violations(page, axe_violations, listings):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("article")).to_have_count(4)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("", "4 therapists found"),
        (
            "?near=12207&condition=depression&language=es&sliding_scale=on&sort=nearest",
            "1 therapist found",
        ),
    ],
    ids=["empty", "filtered"],
)
def test_search_page_has_no_axe_violations(page, axe_violations, listings, query, heading):
    response = page.goto(f"/search/{query}")

    assert response.status == 200
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    if query:
        expect(page.get_by_role("list", name="Active filters").get_by_role("link")).to_have_count(5)
    assert axe_violations(page) == []


def test_search_page_with_a_form_error_has_no_axe_violations(new_page, axe_violations, listings):
    # The server answers 400, so this page can't use the `page` fixture.
    page = new_page(bad_request=True)

    response = page.goto("/search/?near=abcde")

    assert response.status == 400
    expect(page.get_by_role("heading", name="Please check your search")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("We couldn't find “abcde”")
    near = page.get_by_label("ZIP code or city")
    expect(near).to_be_visible()
    expect(near).to_have_value("abcde")
    expect(near).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []


def test_full_profile_has_no_axe_violations(page, axe_violations, full_profile):
    page.goto(full_profile.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_contain_text("Elena Marquez")
    credentials = page.locator("#credentials")
    expect(credentials.get_by_text("Verified", exact=True).first).to_be_visible()
    expect(credentials.get_by_text("Expired", exact=True)).to_be_visible()
    expect(credentials).to_contain_text("ISIPT Certified IPT Therapist")
    expect(page.locator("#culture")).to_contain_text("Culturally responsive care")
    expect(page.locator("#where")).to_contain_text("Wheelchair accessible")
    expect(page.locator("#where")).to_contain_text("for people in New York, Vermont")
    expect(
        page.get_by_role("table", name="Sliding scale, by yearly household income")
    ).to_be_visible()
    expect(page.locator("#fees")).to_contain_text("In network with Aetna PPO, MVP Health Care HMO")
    expect(page.locator("#fees")).to_contain_text("Capital Region Community Clinic")
    assert axe_violations(page) == []


FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const opaque = (color) => color !== 'transparent' && !/,\\s*0(\\.0*)?\\)$/.test(color);
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || '').trim(),
        label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : null,
        inForm: !!el.closest('#search-form'),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
            && opaque(style.outlineColor),
    };
}"""


def focused(page):
    """What has the focus, and whether a solid outline shows it (the site's focus ring,
    rather than Bootstrap's faint box shadow)."""
    return page.evaluate(FOCUSED)


def tab_until(page, predicate, limit=80):
    """Press Tab until the focused element matches; return every element passed."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        seen.append(element)
        if predicate(element):
            return seen
    raise AssertionError(f"never reached by Tab; passed {[e['label'] or e['text'] for e in seen]}")


def test_search_form_works_by_keyboard(page, listings):
    # Without transitions, so a focus ring has its final look as soon as it moves.
    page.emulate_media(reduced_motion="reduce")
    page.goto("/search/")

    passed = tab_until(page, lambda e: e["inForm"])
    passed += tab_until(page, lambda e: (e["label"] or "").startswith("Depression"))
    expect(checkbox(page, re.compile(r"^Depression"))).not_to_be_checked()
    page.keyboard.press("Space")
    expect(checkbox(page, re.compile(r"^Depression"))).to_be_checked()
    passed += tab_until(page, lambda e: e["text"] == "Show results")

    # Every control on the way showed where the focus was.
    hidden = [e for e in passed if not e["ring"]]
    assert hidden == [], f"focus not visible on {hidden}"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"condition=depression"))
    expect(page.get_by_role("heading", name="3 therapists found")).to_be_visible()


def test_search_text_field_submits_with_enter(page, listings):
    page.goto("/search/")
    page.get_by_label("Search names, approach and bio").focus()

    page.keyboard.type("Delgado")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"q=Delgado"))
    expect_results(page, ["Rosa Delgado"])


def assert_fits_phone(page):
    """No horizontal scroll. On a phone, Chromium widens the layout viewport to fit
    content that overflows (and zooms out), so the viewport must also still be
    the phone's width."""
    width = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert width["inner"] == PHONE["viewport"]["width"], width
    assert width["scroll"] <= width["inner"], width


def test_search_and_profile_fit_a_phone(phone_page, listings):
    page = phone_page
    page.goto("/search/?near=12207&language=es&sliding_scale=on")
    assert_fits_phone(page)

    # The results come first; the filters wait in a drawer.
    page.locator("summary.filters-toggle").tap()
    open_group(page, "What you want help with")
    checkbox(page, re.compile(r"^Depression")).tap()
    page.get_by_role("button", name="Show results").tap()
    expect(page.get_by_role("heading", name="1 therapist found")).to_be_visible()
    assert_fits_phone(page)
    link = page.get_by_role("link", name="Rosa Delgado")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()
    link.tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rosa Delgado")
    assert_fits_phone(page)
    report_outdated(page, "Rosa Delgado")
    assert_fits_phone(page)


def test_full_profile_fits_a_phone(phone_page, full_profile):
    phone_page.goto(full_profile.get_absolute_url())

    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Elena Marquez")
    assert_fits_phone(phone_page)


def test_removing_a_chip_removes_its_filter_and_clear_all_resets(page, listings):
    page.goto("/search/?near=12207&language=es&sliding_scale=on")
    expect(page.get_by_role("heading", name="1 therapist found")).to_be_visible()
    chips = page.get_by_role("list", name="Active filters")

    chips.get_by_role("link", name=re.compile(r"^Language: Spanish")).click()

    expect(page.get_by_role("heading", name="2 therapists found")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert "language" not in query
    assert query["near"] == ["12207"]
    assert query["sliding_scale"] == ["on"]
    expect_results(page, ["Priya Nair", "Rosa Delgado"], any_order=True)
    expect(page.locator("input[name=language][value=es]")).not_to_be_checked()
    expect(chips.get_by_role("link", name=re.compile(r"^Language"))).to_have_count(0)

    chips.get_by_role("link", name=re.compile(r"^ZIP code or city")).click()
    expect(page.get_by_role("heading", name="3 therapists found")).to_be_visible()
    assert "near" not in parse_qs(urlsplit(page.url).query)

    page.get_by_role("link", name="Clear all filters").click()

    expect(page.get_by_role("heading", name="4 therapists found")).to_be_visible()
    assert urlsplit(page.url).query == ""
    expect(page.get_by_role("list", name="Active filters")).to_have_count(0)
    expect(page.get_by_label("ZIP code or city")).to_have_value("")


def test_clear_all_in_the_form_resets_the_search(page, listings):
    page.goto("/search/?condition=depression&language=es")
    expect(page.get_by_role("heading", name="3 therapists found")).to_be_visible()

    page.locator("#search-form").get_by_role("link", name="Clear all").click()

    expect(page.get_by_role("heading", name="4 therapists found")).to_be_visible()
    assert urlsplit(page.url).query == ""
    expect(page.locator("input[name=condition][value=depression]")).not_to_be_checked()
