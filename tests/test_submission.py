"""The public self-submission form: new listings and corrections."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status, Verification
from ipt_finder.directory.submissions.forms import LISTING_FIELDS, ListingForm
from ipt_finder.directory.web import spam
from tests import factories

pytestmark = pytest.mark.django_db

SUBMIT = reverse("directory:submit")
WRITTEN = [
    models.Therapist,
    models.Credential,
    models.IPTTraining,
    models.Submission,
    models.StatusChange,
]


def started(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=spam.SALT)


def management(prefix, total):
    """A formset's hidden fields, and what a browser sends for its untouched rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    if prefix == "credentials":
        # The kind select starts on "licence", so an empty row still sends it.
        data.update({f"{prefix}-{i}-kind": "licence" for i in range(total)})
    return data


def new_listing(issuer, **changes):
    data = {
        "name": "Maya Chen",
        "pronouns": "she/her",
        "profession": "social_worker",
        "licence_type": "lcsw",
        "years_in_practice": "12",
        "ipt_years": "6",
        "ipt_courses_completed": "40",
        "bio": "I help adults through grief and role transitions.",
        "offers_individual": "on",
        "session_minutes": "50",
        "course_sessions_min": "12",
        "course_sessions_max": "16",
        "medication": "refers",
        "telehealth_video": "on",
        "telehealth_states": ["NY"],
        "accepting": "yes",
        "fee": "140",
        "consultation": "free",
        "email": "maya@example.org",
        "submitter_name": "Maya Chen",
        "submitter_email": "maya@example.org",
        "confirm": "on",
        "fax": "",
        "started": started(),
        **management("credentials", 2),
        "credentials-0-kind": "licence",
        "credentials-0-title": "Licensed Clinical Social Worker",
        "credentials-0-number": "LCSW-777",
        "credentials-0-issuer": str(issuer.pk),
        "credentials-0-jurisdiction": "NY",
        "credentials-0-issued_on": "2013-05-01",
        "credentials-0-expires_on": "2027-05-01",
        **management("ipt_trainings", 2),
        "ipt_trainings-0-level": "institute_b",
        "ipt_trainings-0-completed_on": "2019-03-01",
        "ipt_trainings-0-hours": "40",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def issuer():
    factories.StateFactory(code="NY")
    return factories.IssuingBodyFactory()


def counts():
    return {model.__name__: model.objects.count() for model in WRITTEN}


def test_the_form_is_linked_from_every_page(client):
    home = client.get(reverse("directory:home"))
    assert f'href="{SUBMIT}"' in home.text
    assert "List your practice" in home.text
    assert client.get(SUBMIT).status_code == 200


def test_a_new_listing_lands_pending_with_its_rows_unverified(client, issuer):
    response = client.post(SUBMIT, new_listing(issuer))

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response.url == reverse("directory:submit-done")
    therapist = models.Therapist.objects.get()
    assert (therapist.name, therapist.slug, therapist.status) == (
        "Maya Chen",
        "maya-chen",
        "pending",
    )
    assert [s.code for s in therapist.telehealth_states.all()] == ["NY"]
    credential = therapist.credentials.get()
    assert (credential.number, credential.verification) == ("LCSW-777", Verification.UNVERIFIED)
    assert therapist.ipt_trainings.get().level == "institute_b"
    submission = therapist.submissions.get()
    assert (submission.kind, submission.status) == ("new", "pending")
    assert submission.submitter_email == "maya@example.org"
    assert submission.data["listing"]["fee"] == "140"
    assert submission.data["credentials"][0]["number"] == "LCSW-777"
    history = therapist.status_changes.get()
    assert (history.from_status, history.to_status, history.changed_by) == ("", "pending", None)
    # Nothing is public until a curator publishes it.
    assert client.get(therapist.get_absolute_url()).status_code == 404
    search = client.get(reverse("directory:search"))
    assert therapist not in search.context["object_list"]


def test_the_therapists_own_website_is_kept_not_taken_for_spam(client, issuer):
    response = client.post(SUBMIT, new_listing(issuer, website="https://maya-chen.example/"))

    assert response.status_code == 302
    assert models.Therapist.objects.get().website == "https://maya-chen.example/"


def test_a_second_listing_with_the_same_name_gets_its_own_slug(client, issuer):
    factories.TherapistFactory(name="Maya Chen", slug="maya-chen")
    client.post(SUBMIT, new_listing(issuer, **{"credentials-0-number": "LCSW-1"}))
    assert models.Therapist.objects.filter(slug="maya-chen-2", status=Status.PENDING).exists()


BAD = {
    "no licence": ({"credentials-0-title": "", "credentials-0-number": ""}, "credentials"),
    "no IPT training": ({"ipt_trainings-0-level": ""}, "ipt_trainings"),
    "licence not for the profession": ({"licence_type": "lmft"}, "licence_type"),
    "fee too high": ({"fee": "9000"}, "fee"),
    "expiry before issue": ({"credentials-0-expires_on": "2010-01-01"}, "credentials"),
    "no confirmation": ({"confirm": None}, "confirm"),
    "bad e-mail": ({"submitter_email": "maya@"}, "submitter_email"),
    "honeypot filled": ({"fax": "http://spam.example"}, "__all__"),
    "too fast": ({"started": "just now"}, "started"),
    "tampered start": ({"started": "123"}, "started"),
    "same licence twice": (
        {
            "credentials-1-kind": "licence",
            "credentials-1-title": "Licensed Clinical Social Worker",
            "credentials-1-number": "LCSW-777",
            "credentials-1-jurisdiction": "NY",
        },
        "credentials",
    ),
}


@pytest.mark.parametrize("changes, where", BAD.values(), ids=BAD.keys())
def test_a_bad_submission_shows_its_errors_and_writes_nothing(client, issuer, changes, where):
    before = counts()
    data = new_listing(issuer, **changes)
    if data["started"] == "just now":
        data["started"] = started(seconds_ago=0)
    if "credentials-1-title" in changes:
        data["credentials-1-issuer"] = str(issuer.pk)

    response = client.post(SUBMIT, data)

    assert response.status_code == 400
    assert counts() == before
    assert "Please correct the highlighted fields" in response.text
    context = response.context
    if where in ("credentials", "ipt_trainings"):
        formset = context["credentials" if where == "credentials" else "trainings"]
        assert formset.non_form_errors() or any(formset.errors)
    else:
        assert where in context["form"].errors
    # What was typed is kept.
    assert "Maya Chen" in response.text


def test_a_failure_while_saving_writes_nothing(client, issuer):
    before = counts()
    with (
        mock.patch.object(models.Submission.objects, "create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        client.post(SUBMIT, new_listing(issuer))
    assert counts() == before


def test_submissions_are_rate_limited(client, issuer):
    for n in range(5):
        response = client.post(SUBMIT, new_listing(issuer, **{"credentials-0-number": f"N-{n}"}))
        assert response.status_code == 302
    response = client.post(SUBMIT, new_listing(issuer, **{"credentials-0-number": "N-5"}))
    assert response.status_code == 429
    assert "several submissions from you recently" in response.text
    assert models.Therapist.objects.count() == 5


def correction_data(therapist, issuer, **changes):
    page_form = new_listing(issuer)
    form = ListingForm(instance=therapist)
    listing = {}
    for name in LISTING_FIELDS:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                listing[name] = "on"
        elif isinstance(value, list):
            listing[name] = [str(v) for v in value]
        elif value is not None:
            listing[name] = str(value)
    keep = {
        k: v
        for k, v in page_form.items()
        if k not in LISTING_FIELDS and not k.startswith(("credentials-", "ipt_trainings-"))
    }
    data = {**keep, **listing, **management("credentials", 2), **management("ipt_trainings", 2)}
    data.update(changes)
    return data


def test_a_correction_is_kept_aside_for_a_curator(client, issuer):
    therapist = factories.TherapistFactory(fee=150)
    url = reverse("directory:submit-correction", args=[therapist.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["fee"].value() == 150

    response = client.post(url, correction_data(therapist, issuer, fee="120"))

    assert response.status_code == 302, response.context and response.context["form"].errors
    therapist.refresh_from_db()
    assert (therapist.fee, therapist.status) == (150, Status.PUBLISHED)
    submission = models.Submission.objects.get()
    assert (submission.kind, submission.therapist, submission.status) == (
        "correction",
        therapist,
        "pending",
    )
    assert submission.data["listing"]["fee"] == "120"
    assert submission.data["credentials"] == []
    assert models.Therapist.objects.count() == 1


def test_a_correction_may_restate_a_licence_on_file(client, issuer):
    credential = factories.CredentialFactory(issuer=issuer, number="LCSW-9", verified=True)
    therapist = credential.therapist
    url = reverse("directory:submit-correction", args=[therapist.slug])
    data = correction_data(
        therapist,
        issuer,
        **{
            "credentials-0-kind": "licence",
            "credentials-0-title": credential.title,
            "credentials-0-number": "LCSW-9",
            "credentials-0-issuer": str(issuer.pk),
            "credentials-0-jurisdiction": "NY",
            "credentials-0-expires_on": "2030-01-01",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["credentials"].errors
    credential.refresh_from_db()
    assert credential.verification == Verification.VERIFIED


def test_a_licence_number_held_by_another_listing_is_refused(client, issuer):
    factories.CredentialFactory(issuer=issuer, number="LCSW-777")
    before = counts()
    response = client.post(SUBMIT, new_listing(issuer))
    assert response.status_code == 400
    assert "already has this number" in response.text
    assert counts() == before


def test_only_published_listings_can_be_corrected(client):
    for status in (Status.DRAFT, Status.PENDING, Status.SUSPENDED):
        therapist = factories.TherapistFactory(status=status)
        url = reverse("directory:submit-correction", args=[therapist.slug])
        assert client.get(url).status_code == 404


def test_the_profile_links_to_the_correction_form(client):
    therapist = factories.TherapistFactory()
    page = client.get(therapist.get_absolute_url())
    assert reverse("directory:submit-correction", args=[therapist.slug]) in page.text


def test_the_submitters_contact_never_appears_publicly(client, issuer):
    client.post(SUBMIT, new_listing(issuer, submitter_email="private@example.net"))
    therapist = models.Therapist.objects.get()
    therapist.status = Status.PUBLISHED
    therapist.save()
    assert "private@example.net" not in client.get(therapist.get_absolute_url()).text
