"""The guided match, shortlist, comparison and cost pages in a real browser.

A person in Albany, NY who speaks Spanish answers the questionnaire step by
step, reads why each therapist ranks where they do, shortlists two, compares
them, removes one, and works out the cost of a course on the sliding scale;
with JavaScript and without. Every page passes axe, and nothing is loaded
from outside 127.0.0.1.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ipt_finder.directory.choices import Accepting, IPTLevel
from tests.factories import (
    ConditionFactory,
    CredentialFactory,
    IPTTrainingFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    SlidingScaleTierFactory,
    TherapistFactory,
    TraitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALBANY = {"city": "Albany", "postal_code": "12207", "latitude": "42.6500", "longitude": "-73.7500"}
TROY = {"city": "Troy", "postal_code": "12180", "latitude": "42.7284", "longitude": "-73.6918"}
MANHATTAN = {
    "city": "New York",
    "postal_code": "10118",
    "latitude": "40.7484",
    "longitude": "-73.9857",
}
REQUIREMENT = "A requirement: leave out anyone who doesn't meet it"


@pytest.fixture
def listings():
    """Ana fits best; Beth doesn't speak Spanish; Dan is too far away to be a requirement."""
    today = timezone.localdate()
    depression = ConditionFactory(slug="depression", name="Depression")
    spanish = LanguageFactory(code="es", name="Spanish")
    english = LanguageFactory(code="en", name="English")
    gentle = TraitFactory(slug="gentle", name="Gentle", kind="communication")

    def listing(name, place, languages, **fields):
        therapist = TherapistFactory(name=name, languages=languages, **fields)
        therapist.conditions.add(depression)
        therapist.traits.add(gentle)
        LocationFactory(therapist=therapist, **place)
        CredentialFactory(therapist=therapist, verified=True)
        IPTTrainingFactory(therapist=therapist, level=IPTLevel.ISIPT_CERTIFIED, verified=True)
        return therapist

    ana = listing(
        "Ana Alvarez",
        ALBANY,
        [spanish, english],
        fee=150,
        sliding_scale=True,
        sliding_scale_min_fee=40,
    )
    SlidingScaleTierFactory(therapist=ana, income_min=0, income_max=30000, fee=40)
    SlidingScaleTierFactory(therapist=ana, income_min=30000, income_max=60000, fee=90)
    beth = listing(
        "Beth Brown",
        TROY,
        [english],
        fee=90,
        accepting=Accepting.YES,
        accepting_confirmed_on=today - datetime.timedelta(days=200),
    )
    dan = listing("Dan Diaz", MANHATTAN, [spanish], fee=80)
    return {"ana": ana, "beth": beth, "dan": dan}


def results(page):
    return page.locator("ol.match-results article h3 a")


def navigations(page):
    """Every page load from now on, as (method, path)."""
    loads = []
    page.on(
        "request",
        lambda r: r.is_navigation_request() and loads.append((r.method, urlsplit(r.url).path)),
    )
    return loads


def question(page, legend):
    return page.get_by_role("group", name=legend, exact=True)


def answer_the_questionnaire(page, axe_violations=None):
    def check():
        if axe_violations:
            assert axe_violations(page) == []

    page.goto("/match/")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Step 1 of 4: What you want help with"
    )
    check()
    page.get_by_label("Help with").select_option(label="Depression")
    page.get_by_role("button", name="Next: Practicalities").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Step 2 of 4: Practicalities")
    check()
    where = question(page, "Where would you like to see a therapist?")
    where.get_by_label("ZIP code or city").fill("12207")
    where.get_by_label(REQUIREMENT).check()
    page.get_by_label("Most I can pay a session ($)").fill("100")
    page.get_by_role("button", name="Next: Language and culture").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Step 3 of 4: Language and culture")
    check()
    language = question(page, "Which languages could your sessions be in?")
    language.get_by_label("Spanish").check()
    page.get_by_role("button", name="Next: What you want in a therapist").click()

    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Step 4 of 4: What you want in a therapist"
    )
    check()
    page.get_by_label("Gentle").check()
    page.get_by_role("button", name="See my matches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")


def check_the_results(page):
    # Ana: depression 6, Spanish 6, $150 but sliding from $40 3, gentle 2 = 17 of 20.
    # Beth: depression 6, English only 0, $90 6, gentle 2 = 14. Dan: 135 miles, left out.
    expect(results(page)).to_have_text(["Ana Alvarez", "Beth Brown"])
    ana = page.get_by_role("article", name="1. Ana Alvarez")
    expect(ana.locator(".score")).to_have_text("17 of 20 points")
    row = ana.get_by_role("row", name="Cost a session")
    expect(row).to_contain_text("Partly met")
    expect(row).to_contain_text("$150 a session, over your $100; sliding scale from $40.")
    expect(row).to_contain_text("3 of 6")
    expect(ana.get_by_role("row", name="Location or telehealth")).to_contain_text("Requirement")
    beth = page.get_by_role("article", name="2. Beth Brown")
    expect(beth.get_by_role("row", name="Language")).to_contain_text("Not met")
    expect(page.get_by_role("heading", name="How we rank")).to_be_visible()
    expect(page.get_by_text("Your answers stay with you.")).to_be_visible()


def test_match_to_compare_with_javascript(page, listings, axe_violations, live_server):
    answer_the_questionnaire(page, axe_violations)
    check_the_results(page)
    assert axe_violations(page) == []
    loads = navigations(page)

    for name in ["Ana Alvarez", "Beth Brown"]:
        with page.expect_response(
            lambda r: r.request.method == "POST" and "/shortlist/add/" in r.url
        ) as added:
            page.get_by_role("button", name=f"Add to shortlist ({name})").click()
        assert added.value.ok
        expect(page.get_by_role("button", name=f"Remove from shortlist ({name})")).to_be_focused()
    # JavaScript sent each form in the background and kept the page: nothing reloaded.
    expect(page.locator("[data-shortlist-count]")).to_have_text("2")
    assert loads == []
    expect(page.locator("#shortlist-status")).to_have_text(
        "Beth Brown is on your shortlist (2 of 4)."
    )

    page.get_by_role("link", name="Compare 2 on your shortlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare therapists")
    assert parse_qs(urlsplit(page.url).query)["t"] == [
        listings["ana"].slug,
        listings["beth"].slug,
    ]
    columns = page.locator("table.compare thead th a")
    expect(columns).to_have_text(["Ana Alvarez", "Beth Brown"])
    expect(page.get_by_role("row", name="Cost of a course")).to_contain_text(
        "At the full fee: $1,800–$2,400"
    )
    assert axe_violations(page) == []

    page.get_by_role("button", name="Remove Beth Brown from the comparison").click()
    expect(columns).to_have_text(["Ana Alvarez"])
    share = page.get_by_label("Share this comparison: copy this link").input_value()
    assert parse_qs(urlsplit(share).query)["t"] == [listings["ana"].slug]
    expect(page.locator("[data-shortlist-count]")).to_have_text("1")

    page.get_by_role("link", name="Full estimate for Ana Alvarez").click()
    page.get_by_label("Yearly household income ($)").fill("30000")
    page.get_by_label("People in your household").fill("3")
    page.get_by_role("button", name="Work out the cost").click()
    sliding = page.get_by_role("region", name="On the sliding scale")
    # On the boundary: $30,000 is in the second band, $90 a session.
    expect(sliding.locator(".total")).to_have_text("$1,080–$1,440")
    expect(sliding).to_contain_text("household income $30,000 to $59,999")
    assert axe_violations(page) == []


def test_match_to_compare_without_javascript(no_js_page, listings):
    page = no_js_page
    answer_the_questionnaire(page)
    check_the_results(page)
    results_url = page.url
    loads = navigations(page)

    page.get_by_role("button", name="Add to shortlist (Ana Alvarez)").click()
    # The browser posted the form, and was sent back to the same results, at the same card.
    expect(page.get_by_role("button", name="Remove from shortlist (Ana Alvarez)")).to_be_visible()
    expect(page).to_have_url(f"{results_url}#t-ana-alvarez")
    assert loads == [("POST", "/shortlist/add/"), ("GET", "/match/results/")]
    expect(page.locator("[data-shortlist-count]")).to_have_text("1")
    page.get_by_role("button", name="Add to shortlist (Beth Brown)").click()

    page.get_by_role("link", name="Compare your shortlist (2)").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["t"] == [listings["ana"].slug, listings["beth"].slug]
    assert query["condition"] == ["depression"]
    expect(page.get_by_role("row", name="Experience with your issue")).to_contain_text(
        "Works with depression."
    )

    page.get_by_role("button", name="Remove Ana Alvarez from the comparison").click()
    expect(page.locator("table.compare thead th a")).to_have_text(["Beth Brown"])

    # The shared link shows the same comparison to someone with no shortlist.
    shared = page.get_by_label("Share this comparison: copy this link").input_value()
    page.context.clear_cookies()
    page.goto(shared)
    expect(page.locator("table.compare thead th a")).to_have_text(["Beth Brown"])


def test_no_dead_end_and_the_low_cost_path(page, listings, axe_violations):
    OrganisationFactory(name="Capital Region Clinic", cost_policy="free", state="NY")
    page.goto(
        "/match/results/?budget=30&need_budget=requirement&language=es&need_language=requirement&near=12207&need_location=preference"
    )

    expect(
        page.get_by_role("heading", name="No therapist meets all your requirements")
    ).to_be_visible()
    low_cost = page.get_by_role("region", name="Ways to keep the cost down")
    expect(low_cost).to_contain_text("Capital Region Clinic")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Make “cost a session” a preference").click()
    expect(results(page)).to_have_text(["Ana Alvarez", "Dan Diaz"])

    page.goto("/low-cost/?budget=50&near=12207")
    expect(page.get_by_role("region", name="Ways to keep the cost down")).to_contain_text(
        "Ana Alvarez: from $40 a session"
    )
    assert axe_violations(page) == []


def test_a_full_shortlist_offers_a_swap(page, listings, axe_violations):
    extra = [TherapistFactory(name=f"Extra {n}") for n in range(3)]
    for therapist in [listings["ana"], *extra]:
        page.goto(therapist.get_absolute_url())
        page.get_by_role("button", name=f"Add to shortlist ({therapist.name})").click()
        expect(
            page.get_by_role("button", name=f"Remove from shortlist ({therapist.name})")
        ).to_be_visible()

    page.goto(listings["beth"].get_absolute_url())
    page.get_by_role("button", name="Add to shortlist (Beth Brown)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist is full")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Replace Extra 0 with Beth Brown").click()
    expect(page.get_by_role("button", name="Remove from shortlist (Beth Brown)")).to_be_visible()
    page.get_by_role("link", name="Compare 4 on your shortlist").click()
    expect(page.locator("table.compare thead th a")).to_have_text(
        ["Ana Alvarez", "Beth Brown", "Extra 1", "Extra 2"]
    )
