"""Limits hold across processes and proxies: the rate limits on a shared cache, the
client's address behind trusted proxies (for the limits and the sign-in lockout),
single-use form tokens, and only accepted submissions counted."""

import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core import signing
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from ipt_finder.directory import models
from ipt_finder.directory.web import spam
from ipt_finder.directory.web.client import client_address
from tests import factories, servers
from tests.test_submission import new_listing

REPORT_SENT = 302
PASSWORD = "correct horse battery staple"


def token(age=60):
    # Each call is a new token: the clock moves between calls.
    return signing.dumps(time.time() - age, salt=spam.SALT)


def report_data(started=None):
    return {
        "topic": "accepting",
        "message": "The phone line says she is not taking new clients.",
        "contact": "",
        "fax": "",
        "started": started or token(),
    }


def report_url(therapist):
    return reverse("directory:therapist-report", args=[therapist.slug])


# The client's address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "198.51.100.7", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_forwarded_addresses_are_trusted_only_as_far_as_the_setting_says(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    therapist = factories.TherapistFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def send(visitor):
        return client.post(
            report_url(therapist), report_data(), HTTP_X_FORWARDED_FOR=visitor, **proxy
        ).status_code

    assert [send("6.6.6.6, 198.51.100.7") for _ in range(5)] == [REPORT_SENT] * 5
    # A made-up address in front of the proxy's own entry changes nothing.
    assert send("1.2.3.4, 198.51.100.7") == 429
    assert send("198.51.100.8") == REPORT_SENT


@pytest.mark.django_db
def test_without_trusted_proxies_a_forwarded_header_is_ignored(client):
    assert settings.TRUSTED_PROXY_COUNT == 0
    therapist = factories.TherapistFactory()
    statuses = [
        client.post(
            report_url(therapist), report_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(6)
    ]
    assert statuses == [REPORT_SENT] * 5 + [429]


def sign_in(client, username, password, forwarded):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_the_sign_in_lockout_sees_the_visitor_behind_a_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = factories.UserFactory(is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong", "198.51.100.7")

    assert sign_in(client, user.username, PASSWORD, "198.51.100.7").status_code == 429
    # The same account from another visitor behind the same proxy is not locked.
    assert sign_in(client, user.username, PASSWORD, "198.51.100.8").status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_lockout_ignores_a_forwarded_header(client):
    user = factories.UserFactory(is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong", f"198.51.100.{n}")

    assert sign_in(client, user.username, PASSWORD, "203.0.113.1").status_code == 429


# Single-use tokens, and what counts


@pytest.mark.django_db
def test_a_form_token_is_good_for_one_report(client):
    therapist = factories.TherapistFactory()
    data = report_data()
    assert client.post(report_url(therapist), data).status_code == REPORT_SENT

    replay = client.post(report_url(therapist), data)

    assert replay.status_code == 400
    assert escape(spam.USED_MESSAGE) in replay.text
    assert models.Report.objects.count() == 1


@pytest.mark.django_db
def test_a_form_sent_back_with_a_mistake_keeps_its_token(client):
    therapist = factories.TherapistFactory()
    data = report_data()
    assert client.post(report_url(therapist), {**data, "message": ""}).status_code == 400
    assert client.post(report_url(therapist), data).status_code == REPORT_SENT


@pytest.mark.django_db
def test_a_submission_token_is_good_for_one_submission(client):
    factories.StateFactory(code="NY")
    issuer = factories.IssuingBodyFactory()
    data = new_listing(issuer)
    assert client.post(reverse("directory:submit"), data).status_code == 302

    replay = client.post(reverse("directory:submit"), {**data, "credentials-0-number": "LCSW-2"})

    assert replay.status_code == 400
    assert escape(spam.USED_MESSAGE) in replay.text
    assert models.Submission.objects.count() == 1


@pytest.mark.django_db
def test_only_accepted_submissions_count_against_the_limit(client):
    factories.StateFactory(code="NY")
    issuer = factories.IssuingBodyFactory()
    submit = reverse("directory:submit")
    for _ in range(6):
        assert client.post(submit, new_listing(issuer, name="")).status_code == 400
    for n in range(5):
        data = new_listing(issuer, **{"credentials-0-number": f"N-{n}"})
        assert client.post(submit, data).status_code == 302

    refused = client.post(submit, new_listing(issuer, **{"credentials-0-number": "N-5"}))

    assert refused.status_code == 429
    assert models.Submission.objects.count() == 5


# Across processes, on the database cache


RACE = """
import sys, time
from django.test import RequestFactory
from ipt_finder.directory.web import ratelimit
scope, start = sys.argv[1], float(sys.argv[2])
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
time.sleep(max(0, start - time.time()))
# A window of years, so the test never straddles two.
print(sum(ratelimit.allow(request, scope, 5, 10**8) for _ in range(10)))
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("processes", [2, 4])
def test_processes_racing_on_a_shared_cache_let_exactly_the_limit_through(
    shared_database, processes
):
    scope, start = uuid.uuid4().hex, time.time() + 8
    script = f"import django\ndjango.setup()\n{RACE}"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, scope, str(start)],
            cwd=servers.ROOT,
            env=servers.environment(shared_database),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-3000:]
        allowed.append(int(out))

    assert sum(allowed) == 5, allowed


@pytest.mark.django_db(transaction=True)
def test_the_sixth_report_is_refused_whichever_server_takes_it(shared_database):
    profile = servers.published_listing(shared_database)
    with servers.server(shared_database) as first, servers.server(shared_database) as second:
        statuses = []
        for port in [first, second] * 3:
            cookies, csrf = servers.form_session(port, profile)
            data = {**report_data(), "csrfmiddlewaretoken": csrf}
            response = servers.request(port, "POST", f"{profile}report/", data, cookies)
            statuses.append(response.status)

    assert statuses == [REPORT_SENT] * 5 + [429]
