"""The site as three new people use it, on a phone (390 x 844) and on a desktop (1366 x 900).

A Spanish-speaking mother in Houston with postpartum depression and little money; a
non-binary student who wants an LGBTQ+-affirming therapist by video in Illinois, in the
evening, for at most $60 with a sliding scale; and anyone whose search finds nobody. Each
flow counts its taps, ends in something useful, keeps the results heading in view after
each submit, never scrolls sideways and passes axe, with and without JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    CommunityFactory,
    ConditionFactory,
    CredentialFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    StateFactory,
    TherapistFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])

HOUSTON = {
    "city": "Houston",
    "state": "TX",
    "postal_code": "77002",
    "latitude": "29.7594",
    "longitude": "-95.3594",
}
CHICAGO = {
    "city": "Chicago",
    "state": "IL",
    "postal_code": "60601",
    "latitude": "41.8858",
    "longitude": "-87.6181",
}


@pytest.fixture
def people():
    """Listings for the mother's and the student's flows, and a few that miss them."""
    english = LanguageFactory(code="en", name="English")
    spanish = LanguageFactory(code="es", name="Spanish")
    perinatal = ConditionFactory(slug="perinatal-depression", name="Perinatal depression")
    depression = ConditionFactory(slug="depression", name="Depression")
    lgbtq = CommunityFactory(slug="lgbtq", name="LGBTQ+")
    texas, illinois = StateFactory(code="TX"), StateFactory(code="IL")
    clinic = OrganisationFactory(
        name="Bayou Community Clinic",
        cost_policy="free",
        city="Houston",
        state="TX",
        postal_code="77002",
        latitude="29.7600",
        longitude="-95.3600",
    )

    def listing(name, *, office=None, languages=(english,), conditions=(), states=(), **extra):
        therapist = TherapistFactory(name=name, languages=list(languages), **extra)
        therapist.conditions.set(conditions)
        therapist.telehealth_states.set(states)
        if office:
            LocationFactory(therapist=therapist, **office)
        CredentialFactory(therapist=therapist, verified=True)
        return therapist

    scale = {"sliding_scale": True, "sliding_scale_min_fee": 30}
    listing(
        "Lucía Herrera",
        office=HOUSTON,
        languages=(spanish, english),
        conditions=(perinatal, depression),
        states=(texas,),
        telehealth_video=True,
        **scale,
    ).organisations.add(clinic)
    listing(
        "Marisol Vega",
        office=HOUSTON,
        languages=(spanish,),
        conditions=(perinatal,),
        **scale,
    )
    listing("Grant Holt", office=HOUSTON, conditions=(depression,), fee=220)
    for name in ("Robin Avery", "Sam Quinn"):
        listing(
            name,
            office=CHICAGO,
            states=(illinois,),
            telehealth_video=True,
            evening_hours=True,
            sliding_scale=True,
            sliding_scale_min_fee=45,
        ).communities.set([lgbtq])
    listing("Dana Price", states=(illinois,), telehealth_video=True, evening_hours=True, fee=200)


def counting(page):
    """The page, with a count of the taps made through `tap`."""
    taps = []

    def tap(locator, action="click", *args):
        taps.append(locator)
        getattr(locator, action)(*args)

    return tap, taps


def heading_in_first_screen(page):
    page.wait_for_load_state()
    heading = page.locator("#results-heading")
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    # Scrolled to the heading, it may sit a fraction of a pixel above the top.
    assert box["y"] >= -1
    assert box["y"] + box["height"] <= page.viewport_size["height"]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_filters(page, tap):
    """On a phone the filters wait in a drawer; on a desktop they are already shown."""
    toggle = page.locator("summary.filters-toggle")
    expect(toggle).to_be_attached()  # the search page has loaded
    if page.viewport_size["width"] < 992:  # below Bootstrap's large breakpoint
        tap(toggle)
    expect(page.get_by_role("button", name="Show results")).to_be_visible()


# The home page's quick search


@SIZES
@pytest.mark.parametrize(
    ("near", "telehealth", "found"),
    [
        ("", False, "6 therapists found"),  # the defaults
        ("77002", False, "3 therapists found"),
        ("Houston", False, "3 therapists found"),
        ("", True, "4 therapists found"),  # telehealth anywhere
    ],
    ids=["defaults", "zip", "city", "telehealth"],
)
def test_the_home_quick_search_gives_results(new_page, people, size, near, telehealth, found):
    page = new_page(**size)
    page.goto("/")
    if near:
        page.get_by_label("ZIP code or city").fill(near)
    if telehealth:
        page.get_by_label("Include therapists who can see me by video or phone").check()

    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.locator("#results-heading")).to_have_text(found)
    heading_in_first_screen(page)
    expect(page.locator(".alert")).to_have_count(0)


# The mother: Spanish, perinatal, affordable, Houston


def mothers_flow(page, axe_violations):
    tap, taps = counting(page)
    page.goto("/")
    tap(page.get_by_label("ZIP code or city"), "fill", "Houston")
    tap(page.get_by_label("Help with"), "select_option", "perinatal-depression")
    tap(page.get_by_role("button", name="Search", exact=True))
    expect(page.locator("#results-heading")).to_have_text("2 therapists found")
    heading_in_first_screen(page)
    assert axe_violations(page) == []

    tap(page.get_by_role("link", name="Sliding scales and free or low-cost clinics"))
    expect(page.get_by_label("ZIP code or city")).to_have_value("Houston")
    expect(page.get_by_label("Help with")).to_have_value("perinatal-depression")
    tap(page.get_by_label("What can you pay per session? ($)"), "fill", "40")
    tap(page.get_by_label("Language of sessions"), "select_option", "es")
    tap(page.get_by_role("button", name="Show options"))

    path = page.get_by_role("region", name="Ways to keep the cost down")
    expect(path.get_by_role("link", name="Lucía Herrera")).to_be_visible()
    expect(path.get_by_role("link", name="Marisol Vega")).to_be_visible()
    expect(path).to_contain_text("Bayou Community Clinic")
    expect(path).to_contain_text("Languages: English, Spanish.")
    assert len(taps) <= 8
    no_sideways_scroll(page)
    assert axe_violations(page) == []


@SIZES
def test_the_mothers_flow_reaches_the_low_cost_path(new_page, axe_violations, people, size):
    mothers_flow(new_page(**size), axe_violations)


@SIZES
def test_the_mothers_flow_without_javascript(new_page, axe_violations, people, size):
    page = new_page(**size)
    without_own_scripts(page)
    mothers_flow(page, axe_violations)


def without_own_scripts(page):
    """The site's own scripts answer empty: the page works as it would without JavaScript,
    while axe can still run in it."""
    page.route("**/*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))


# The student: telehealth in Illinois, LGBTQ+-affirming, $60 with sliding scales, evenings


def students_flow(page, axe_violations):
    tap, taps = counting(page)
    page.goto("/")
    tap(page.get_by_role("link", name="Find a therapist"))
    open_filters(page, tap)
    tap(page.get_by_label("My state", exact=True), "select_option", "IL")
    tap(page.get_by_label(re.compile(r"^LGBTQ\+")), "check")
    tap(page.get_by_label("What can you pay per session? ($)"), "fill", "60")
    tap(page.get_by_label(re.compile(r"^Evening hours")), "check")
    tap(page.get_by_role("button", name="Show results"))

    expect(page.locator("#results-heading")).to_have_text("2 therapists found")
    heading_in_first_screen(page)
    expect(page.locator(".therapist-card").first).to_contain_text("Telehealth in IL")
    assert axe_violations(page) == []
    for name in ("Robin Avery", "Sam Quinn"):
        tap(page.get_by_role("button", name=f"Add to shortlist ({name})"))
        expect(page.get_by_role("button", name=f"Remove from shortlist ({name})")).to_be_visible()
    tap(page.get_by_role("link", name=re.compile(r"^Compare")))

    comparison = page.get_by_role("table")
    expect(comparison).to_contain_text("Robin Avery")
    expect(comparison).to_contain_text("Sam Quinn")
    assert len(taps) <= 10
    no_sideways_scroll(page)
    assert axe_violations(page) == []


@SIZES
def test_the_students_flow_compares_two(new_page, axe_violations, people, size):
    students_flow(new_page(**size), axe_violations)


@SIZES
def test_the_students_flow_without_javascript(new_page, axe_violations, people, size):
    page = new_page(**size)
    without_own_scripts(page)
    students_flow(page, axe_violations)


# A search that finds nobody


@SIZES
def test_a_search_with_no_results_offers_a_way_out(new_page, axe_violations, people, size):
    page = new_page(**size)
    page.goto("/search/?near=Houston&language=es&evening=on#results-heading")
    expect(page.locator("#results-heading")).to_have_text("0 therapists found")
    # The chosen options stay in view, with their counts.
    open_filters(page, lambda locator: locator.click())
    expect(page.get_by_label(re.compile(r"^Spanish \(\d\)"))).to_be_checked()
    expect(page.get_by_label(re.compile(r"^Evening hours \(0\)"))).to_be_checked()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Without “Evening hours”").click()

    expect(page.locator("#results-heading")).to_have_text("2 therapists found")
    heading_in_first_screen(page)


@SIZES
def test_an_ambiguous_place_offers_its_likely_meanings_at_the_top(new_page, people, size):
    page = new_page(bad_request=True, **size)
    page.goto("/")
    page.get_by_label("ZIP code or city").fill("Springfield")
    page.get_by_role("button", name="Search", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("There is more than one Springfield")
    heading_in_first_screen(page)
    assert alert.bounding_box()["y"] < page.viewport_size["height"]
    alert.get_by_role("link", name="Springfield, IL").click()
    expect(page.locator("#results-heading")).to_have_text("0 therapists found")


# Every page and every GET form


PAGES = [
    "/",
    "/search/",
    "/search/?near=Houston&condition=perinatal-depression",
    "/match/",
    "/match/results/?near=Houston&condition=perinatal-depression",
    "/low-cost/",
    "/low-cost/?budget=40&near=Houston",
    "/therapists/lucia-herrera/",
    "/therapists/lucia-herrera/cost/",
    "/compare/?t=lucia-herrera&t=marisol-vega&t=grant-holt",
    "/submit/",
]


@pytest.mark.parametrize("width", [320, 390])
def test_no_public_page_scrolls_sideways(new_page, people, width):
    page = new_page(viewport={"width": width, "height": 844})
    for path in PAGES:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


@SIZES
def test_every_get_form_submitted_with_its_defaults_gives_no_error(new_page, people, size):
    page = new_page(**size)
    submitted = 0
    for path in PAGES:
        page.goto(path)
        count = page.locator("form[method=get]").count()
        for index in range(count):
            page.goto(path)
            form = page.locator("form[method=get]").nth(index)
            drawer = page.locator("summary.filters-toggle")
            if drawer.is_visible():
                drawer.click()
            with page.expect_navigation() as navigation:
                form.locator("[type=submit]").first.click()
            assert navigation.value.status == 200, (path, index)
            expect(page.locator(".alert-danger, .alert-warning, .is-invalid")).to_have_count(0)
            submitted += 1
    assert submitted >= 6


def test_filters_are_a_drawer_on_a_phone_with_a_skip_link(new_page, people):
    page = new_page(**PHONE)
    page.goto("/search/?near=Houston&language=es")

    toggle = page.locator("summary.filters-toggle")
    expect(toggle).to_have_text("Filters (2)")
    expect(page.get_by_role("button", name="Show results")).to_be_hidden()
    heading = page.locator("#results-heading").bounding_box()
    assert heading["y"] < PHONE["viewport"]["height"]
    # The keyboard's second stop, after "Skip to main content" and the navigation.
    skip = page.get_by_role("link", name="Skip to results")
    skip.focus()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page).to_have_url(re.compile("#results-heading$"))
    toggle.click()
    show = page.get_by_role("button", name="Show results")
    expect(show).to_be_visible()
    assert show.bounding_box()["height"] >= 44
    assert page.evaluate("getComputedStyle(document.querySelector('#id_near')).fontSize") == "16px"
