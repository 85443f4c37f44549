"""Bad input writes nothing: over-long text, too many fields, control characters,
invalid UTF-8, and formula-like cells in the CSV export."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from ipt_finder.directory import models
from ipt_finder.directory.curation import imports
from ipt_finder.directory.web import textcheck
from tests import factories
from tests import test_submission as submission_tests
from tests.test_import_export import confirm, csv_text, export, row, rows_of, upload
from tests.test_limits import report_data

pytestmark = pytest.mark.django_db

SUBMIT = reverse("directory:submit")
FORM = "application/x-www-form-urlencoded"
WRITTEN = [*submission_tests.WRITTEN, models.Report]


def counts():
    return {model.__name__: model.objects.count() for model in WRITTEN}


@pytest.fixture
def issuer():
    factories.StateFactory(code="NY")
    return factories.IssuingBodyFactory()


@pytest.fixture
def listing():
    return factories.TherapistFactory(name="Rosa Delgado")


def report(listing, **changes):
    data = {**report_data(), "message": "No longer taking clients.", **changes}
    return reverse("directory:therapist-report", args=[listing.slug]), data


def test_a_one_megabyte_bio_is_a_form_error_and_writes_nothing(client, issuer):
    before = counts()

    response = client.post(SUBMIT, submission_tests.new_listing(issuer, bio="x" * 1024 * 1024))

    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 1048576)." in response.text
    assert counts() == before


def test_a_bio_of_a_few_thousand_characters_is_accepted(client, issuer):
    bio = "I work with grief.\r\n\tAnd with role transitions. " * 90
    assert len(bio) < 5000

    response = client.post(SUBMIT, submission_tests.new_listing(issuer, bio=bio))

    assert response.status_code == 302
    assert models.Therapist.objects.get().bio == bio.strip()


def test_ten_thousand_fields_are_refused_and_write_nothing(client, issuer):
    before = counts()
    data = submission_tests.new_listing(issuer) | {f"extra{n}": "x" for n in range(10_000)}

    response = client.post(SUBMIT, data)

    assert response.status_code == 400
    assert "We could not read that request" in response.text
    assert counts() == before


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_in_a_form_are_refused_and_write_nothing(client, issuer, character):
    before = counts()

    response = client.post(
        SUBMIT, submission_tests.new_listing(issuer, bio=f"I help{character} adults.")
    )

    assert response.status_code == 400
    assert escape(textcheck.CONTROL_CHARACTERS) in response.text
    assert counts() == before


def test_a_nul_in_a_report_is_refused(client, listing):
    url, data = report(listing, message="Closed\x00 now.")

    response = client.post(url, data)

    assert response.status_code == 400
    assert not models.Report.objects.exists()


@pytest.mark.parametrize("raw", [b"%FF%FE", b"%C3%28", b"\xff", b"%ED%A0%80"])
def test_invalid_utf8_in_a_form_is_refused_and_writes_nothing(client, listing, raw):
    url, data = report(listing)
    body = urlencode(data).replace("No+longer", "No+longer" + raw.decode("latin-1"))
    before = counts()

    response = client.post(url, body.encode("latin-1"), content_type=FORM)

    assert response.status_code == 400
    assert escape(textcheck.INVALID_UTF8) in response.text
    assert counts() == before


@pytest.mark.parametrize("path", ["/", "/search/", "/match/results/"])
def test_invalid_utf8_in_a_query_string_is_refused(client, path):
    response = client.get(path, QUERY_STRING="q=%FF%FE")

    assert response.status_code == 400
    assert escape(textcheck.INVALID_UTF8) in response.text


def test_control_characters_in_a_multipart_form_are_refused(client, listing):
    url, data = report(listing, message="Closed\x00 now.")

    response = client.post(url, data, format="multipart")  # the test client's default

    assert response.status_code == 400
    assert escape(textcheck.CONTROL_CHARACTERS) in response.text
    assert not models.Report.objects.exists()


def test_invalid_utf8_in_a_multipart_form_is_refused(client, listing):
    url, data = report(listing)
    boundary = "XyZ"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + (value.encode() if name != "message" else b"Closed \xff now.")
        + b"\r\n"
        for name, value in data.items()
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()

    response = client.post(url, body, content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code == 400
    assert escape(textcheck.INVALID_UTF8) in response.text
    assert not models.Report.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("bio", 5000), ("approach", 3000), ("first_session", 3000), ("curator_notes", 5000)],
)
def test_the_model_itself_limits_free_text(field, limit):
    therapist = factories.TherapistFactory()
    setattr(therapist, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert f"at most {limit} characters" in str(error.value.message_dict[field])

    setattr(therapist, field, "x" * limit)
    therapist.full_clean()


def test_the_model_refuses_control_characters_but_keeps_line_breaks():
    therapist = factories.TherapistFactory(bio="One line.\r\n\tAnother.")
    therapist.full_clean()
    therapist.bio = "A bell\x07."
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert "Control characters" in str(error.value.message_dict["bio"])


def test_every_free_text_field_has_a_limit():
    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in [
            models.Therapist,
            models.Organisation,
            models.Report,
            models.StatusChange,
            models.Submission,
        ]
        for field in model._meta.get_fields()
        if field.get_internal_type() == "TextField" and not field.max_length
    ]
    assert unlimited == []


# The CSV export


FORMULAS = {
    '=HYPERLINK("http://evil.example","Click")': "'=HYPERLINK(",
    "+1 (518) 555-0100": "'+1 (518) 555-0100",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "'Tis the season": "''Tis the season",
}


def test_formula_like_cells_are_neutralised_and_a_round_trip_restores_them(curator_client):
    therapists = [
        factories.TherapistFactory(name=f"Name {n}", slug=f"name-{n}", bio=bio, pronouns="=1+1")
        for n, bio in enumerate(FORMULAS)
    ]
    factories.TherapistFactory(name="@Rosa", slug="rosa", phone="+15185550100")
    first = export(curator_client)

    rows = {r["slug"]: r for r in rows_of(first)}
    for therapist, (bio, shown) in zip(therapists, FORMULAS.items(), strict=True):
        assert rows[therapist.slug]["bio"].startswith(shown), bio
        assert rows[therapist.slug]["pronouns"] == "'=1+1"
    assert (rows["rosa"]["name"], rows["rosa"]["phone"]) == ("'@Rosa", "'+15185550100")
    # Opened as text, no cell starts with a formula character.
    for record in rows_of(first):
        assert not any(value.startswith(imports.FORMULA_STARTS) for value in record.values())

    models.Therapist.objects.all().delete()
    dry_run = upload(curator_client, first, name="export.csv")
    assert dry_run.context["plan"].ok, [r.errors for r in dry_run.context["plan"].rows]
    confirm(curator_client, dry_run)
    restored = {t.slug: t for t in models.Therapist.objects.all()}
    for therapist in therapists:
        assert restored[therapist.slug].bio == therapist.bio
        assert restored[therapist.slug].pronouns == "=1+1"
    assert (restored["rosa"].name, restored["rosa"].phone) == ("@Rosa", "+15185550100")


def test_the_export_is_streamed(curator_client):
    factories.TherapistFactory()
    response = curator_client.get(reverse("admin:directory_therapist_export"))
    assert response.streaming
    assert b"".join(response.streaming_content).startswith(b"slug,name,")


def test_an_import_cell_with_a_control_character_imports_nothing(curator_client):
    text = csv_text(row(bio="Hello\x1b[31m there"))

    response = upload(curator_client, text)

    assert not response.context["plan"].ok
    assert "Control characters" in response.text
    assert not models.Therapist.objects.exists()
