"""Failures show the site's own pages: 503 when the database can't be reached, 500,
404, 403 and 400; and health endpoints for a load balancer."""

import os
import re
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template import loader
from django.test import Client
from django.urls import reverse

from ipt_finder.directory.models import Report
from ipt_finder.directory.search.views import HomeView
from ipt_finder.directory.web import failures
from tests import factories, servers

PAGES = {
    "400.html": "We could not read that request",
    "403.html": "You can't open this page",
    "403_csrf.html": "This form could not be sent",
    "404.html": "We can't find that page",
    "500.html": "Something went wrong on our side",
    "503.html": "IPT Finder is unavailable for a moment",
}
LEAKS = re.compile(r"Traceback|File \"|OperationalError|RuntimeError|django|python", re.I)
OUTSIDE = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


def own_page(response, heading, status):
    text = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in text
    assert not LEAKS.search(text), LEAKS.search(text)
    assert not OUTSIDE.search(text)
    assert "style=" not in text and "<script" not in text
    assert "default-src 'self'" in response["Content-Security-Policy"]
    return text


@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_error_pages_render_with_no_request_and_no_database(name, heading):
    # Not marked django_db: any query would fail the test.
    page = loader.render_to_string(name)
    assert f"<h1>{heading}</h1>" in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_not_found_is_the_sites_own_page(client):
    response = client.get("/therapists/no-such-listing/")
    own_page(response, PAGES["404.html"], 404)


@pytest.mark.django_db
def test_forbidden_is_the_sites_own_page(client):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("admin:directory_therapist_import"))
    own_page(response, PAGES["403.html"], 403)


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_the_sites_own_page():
    therapist = factories.TherapistFactory()
    response = Client(enforce_csrf_checks=True).post(
        reverse("directory:therapist-report", args=[therapist.slug]), {"message": "x"}
    )
    own_page(response, PAGES["403_csrf.html"], 403)


@pytest.mark.django_db
def test_a_bad_request_is_the_sites_own_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    own_page(response, PAGES["400.html"], 400)


@pytest.mark.django_db
def test_a_server_error_is_the_sites_own_page_with_no_trace(client):
    client.raise_request_exception = False
    with mock.patch.object(HomeView, "get", side_effect=RuntimeError("secret detail")):
        response = client.get("/")
    text = own_page(response, PAGES["500.html"], 500)
    assert "secret detail" not in text
    assert "Retry-After" not in response


def database_down():
    """Every new or reused connection fails, as when the server can't be reached."""
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("connection refused"),
    )


@pytest.mark.django_db
def test_with_the_database_down_pages_and_posts_get_the_503_page_then_recover(client):
    client.raise_request_exception = False
    therapist = factories.TherapistFactory()
    report = reverse("directory:therapist-report", args=[therapist.slug])
    gets = ["/", "/search/?q=grief", therapist.get_absolute_url(), "/match/"]

    with database_down():
        for path in gets:
            response = client.get(path)
            own_page(response, PAGES["503.html"], 503)
            assert response["Retry-After"] == str(failures.RETRY_AFTER_SECONDS)
        posted = client.post(report, {"topic": "accepting", "message": "Closed."})
        own_page(posted, PAGES["503.html"], 503)

    assert Report.objects.count() == 0
    for path in gets:
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_health_endpoints(client):
    live = client.get("/health/live/")
    ready = client.get("/health/ready/")
    assert (live.status_code, live.content) == (200, b"ok")
    assert (ready.status_code, ready.content) == (200, b"ok")
    assert "no-cache" in live["Cache-Control"]

    with database_down():
        assert client.get("/health/live/").status_code == 200
        down = client.get("/health/ready/")
    assert (down.status_code, down.content) == (503, b"unavailable")


def test_liveness_needs_no_database(client):
    # Not marked django_db: a query would fail the test.
    assert client.get("/health/live/").content == b"ok"


# A real server, in its own process, whose database goes away and comes back


def wait_for(check, seconds):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_a_server_whose_database_is_unreachable_serves_the_503_page(migrated_template, tmp_path):
    home = tmp_path / "db"
    path = servers.copy_database(migrated_template, home)
    url = f"sqlite:///{path}"
    profile = servers.published_listing(url)
    away = tmp_path / "away"

    # No persistent connections: each request opens the database file anew.
    with servers.server(url, DJANGO_CONN_MAX_AGE="0") as port:
        cookies, csrf = servers.form_session(port, profile)
        assert servers.request(port, "GET", "/search/").status == 200

        os.rename(home, away)
        gets = ["/", "/search/?q=grief", profile]
        for path_ in gets:
            response = servers.request(port, "GET", path_)
            assert response.status == 503, response.text[:300]
            assert response.headers["Retry-After"] == str(failures.RETRY_AFTER_SECONDS)
            assert "<h1>IPT Finder is unavailable for a moment</h1>" in response.text
            assert not LEAKS.search(response.text)
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        data = {"topic": "accepting", "message": "Closed.", "csrfmiddlewaretoken": csrf}
        posted = servers.request(port, "POST", f"{profile}report/", data, cookies)
        assert posted.status == 503
        assert servers.request(port, "GET", "/health/ready/").status == 503
        assert servers.request(port, "GET", "/health/live/").status == 200

        os.rename(away, home)
        started = time.monotonic()
        wait_for(lambda: servers.request(port, "GET", "/").status == 200, seconds=2)
        assert time.monotonic() - started < 2
        for path_ in gets:
            assert servers.request(port, "GET", path_).status == 200
        assert servers.request(port, "GET", "/health/ready/").status == 200
