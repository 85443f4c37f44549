"""The shortlist: four listings at most, in a signed cookie, and nothing on the server."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ipt_finder.directory.choices import Status
from ipt_finder.directory.compare.shortlist import COOKIE, MAX_ITEMS, SALT, Shortlist, ShortlistFull
from tests.factories import TherapistFactory

ADD = reverse("directory:shortlist-add")
REMOVE = reverse("directory:shortlist-remove")
COMPARE = reverse("directory:compare")


def signed(value):
    """The cookie value the app would set for `value`."""
    response = HttpResponse()
    response.set_signed_cookie(COOKIE, value, salt=SALT)
    return response.cookies[COOKIE].value


def cookie_slugs(response):
    """The slugs in the response's shortlist cookie; fails if the signature doesn't match."""
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = response.cookies[COOKIE].value
    value = request.get_signed_cookie(COOKIE, salt=SALT) if request.COOKIES[COOKIE] else ""
    return value.split(",") if value else []


class TestShortlist:
    def test_adds_in_order_without_duplicates(self):
        shortlist = Shortlist()
        for slug in ["a", "b", "a"]:
            shortlist.add(slug)

        assert shortlist.slugs == ["a", "b"]
        assert "a" in shortlist and len(shortlist) == 2

    def test_holds_at_most_four(self):
        shortlist = Shortlist(["a", "b", "c", "d"])

        assert shortlist.full
        with pytest.raises(ShortlistFull):
            shortlist.add("e")
        assert shortlist.slugs == ["a", "b", "c", "d"]

    def test_a_full_shortlist_can_swap_one(self):
        shortlist = Shortlist(["a", "b", "c", "d"])

        shortlist.add("e", replace="b")

        assert shortlist.slugs == ["a", "e", "c", "d"]

    def test_drops_what_isnt_a_slug_and_anything_past_four(self):
        shortlist = Shortlist(["a", "b\x00", "c d", "", "e", "f", "g", "h"])

        assert shortlist.slugs == ["a", "e", "f", "g"]

    def test_remove(self):
        shortlist = Shortlist(["a", "b"])
        shortlist.remove("a")
        shortlist.remove("missing")

        assert shortlist.slugs == ["b"]


@pytest.mark.django_db
class TestViews:
    def test_add_sets_a_signed_httponly_lax_secure_cookie_and_goes_back(self, client):
        therapist = TherapistFactory()

        response = client.post(ADD, {"slug": therapist.slug, "next": "/search/?q=grief"})

        assert response.status_code == 302
        assert response["Location"] == "/search/?q=grief"
        morsel = response.cookies[COOKIE]
        assert morsel["httponly"] and morsel["secure"]
        assert morsel["samesite"] == "Lax"
        assert cookie_slugs(response) == [therapist.slug]

    def test_nothing_is_stored_on_the_server(self, client):
        therapist = TherapistFactory()

        client.post(ADD, {"slug": therapist.slug})
        client.get(COMPARE, follow=True)

        assert Session.objects.count() == 0

    def test_remove(self, client):
        first, second = TherapistFactory(), TherapistFactory()
        client.cookies[COOKIE] = signed(f"{first.slug},{second.slug}")

        response = client.post(REMOVE, {"slug": first.slug, "next": "/compare/"})

        assert cookie_slugs(response) == [second.slug]

    def test_removing_the_last_deletes_the_cookie(self, client):
        therapist = TherapistFactory()
        client.cookies[COOKIE] = signed(therapist.slug)

        response = client.post(REMOVE, {"slug": therapist.slug})

        assert response.cookies[COOKIE].value == ""
        assert response.cookies[COOKIE]["max-age"] == 0

    def test_a_fifth_listing_shows_which_to_replace(self, client):
        listed = [TherapistFactory() for _ in range(MAX_ITEMS)]
        extra = TherapistFactory(name="Fifth Person")
        client.cookies[COOKIE] = signed(",".join(t.slug for t in listed))

        response = client.post(ADD, {"slug": extra.slug, "next": "/search/"})

        assert response.status_code == 200
        assert COOKIE not in response.cookies
        html = response.content.decode()
        assert f"Replace {listed[0].name} with Fifth Person" in html

        response = client.post(
            ADD, {"slug": extra.slug, "replace": listed[0].slug, "next": "/search/"}
        )

        assert response.status_code == 302
        assert cookie_slugs(response) == [extra.slug] + [t.slug for t in listed[1:]]

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.SUSPENDED])
    def test_only_published_listings_can_be_added(self, client, status):
        hidden = TherapistFactory(status=status)

        assert client.post(ADD, {"slug": hidden.slug}).status_code == 404
        assert client.post(ADD, {"slug": "no-such-therapist"}).status_code == 404

    @pytest.mark.parametrize("slug", ["", "a b", "nul\x00", "x" * 141, "../admin"])
    def test_a_bad_slug_is_a_400(self, client, slug):
        assert client.post(ADD, {"slug": slug}).status_code == 400

    def test_a_get_is_not_allowed(self, client):
        assert client.get(ADD).status_code == 405

    @pytest.mark.parametrize(
        "next_url",
        ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "x" * 3000],
    )
    def test_next_stays_on_this_site(self, client, next_url):
        therapist = TherapistFactory()

        response = client.post(ADD, {"slug": therapist.slug, "next": next_url})

        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert response["Location"] == COMPARE

    def test_a_tampered_cookie_counts_as_empty(self, client):
        therapist = TherapistFactory()
        client.cookies[COOKIE] = signed(therapist.slug)[:-2] + "xx"

        assert client.get(COMPARE).status_code == 200
        response = client.post(ADD, {"slug": therapist.slug})
        assert cookie_slugs(response) == [therapist.slug]

    def test_an_unsigned_or_garbage_cookie_counts_as_empty(self, client):
        for value in ["a,b,c", "\x00", "x" * 4000, ":::"]:
            client.cookies[COOKIE] = value
            assert client.get(COMPARE).status_code == 200

    def test_a_signed_cookie_with_five_keeps_four(self, client):
        listings = [TherapistFactory() for _ in range(5)]
        client.cookies[COOKIE] = signed(",".join(t.slug for t in listings))

        response = client.get(COMPARE)

        assert response.status_code == 302
        assert response["Location"].count("t=") == MAX_ITEMS

    def test_a_full_shortlist_tells_javascript_to_post_the_form(self, client):
        listed = [TherapistFactory() for _ in range(MAX_ITEMS)]
        client.cookies[COOKIE] = signed(",".join(t.slug for t in listed))

        response = client.post(
            ADD, {"slug": TherapistFactory().slug}, headers={"accept": "application/json"}
        )

        assert response.json() == {"full": True}
        assert COOKIE not in response.cookies

    def test_the_json_answer_for_javascript(self, client):
        therapist = TherapistFactory(name="Rosa Delgado")

        response = client.post(
            ADD,
            {"slug": therapist.slug, "next": "/search/"},
            headers={"accept": "application/json"},
        )

        data = response.json()
        assert data["count"] == 1
        assert "Remove from shortlist" in data["html"]
        assert data["message"] == "Rosa Delgado is on your shortlist (1 of 4)."
        assert cookie_slugs(response) == [therapist.slug]

    def test_pages_show_the_count_and_the_right_button(self, client):
        therapist = TherapistFactory()
        client.cookies[COOKIE] = signed(therapist.slug)

        html = client.get(therapist.get_absolute_url()).content.decode()

        assert "data-shortlist-count>1<" in html
        assert "Remove from shortlist" in html
