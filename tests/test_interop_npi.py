import json
from io import StringIO

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from ipt_finder.directory.interop import nppes
from ipt_finder.directory.interop.npi import is_valid_npi, validate_npi
from ipt_finder.directory.models import Report, Therapist
from ipt_finder.directory.submissions.forms import LISTING_FIELDS, ListingForm, SubmissionForm
from tests import factories

VALID = "1234567893"  # INTEROP.md §8's worked example
OTHER_VALID = "1245319599"


def test_check_digit():
    assert is_valid_npi(VALID) and is_valid_npi(OTHER_VALID)
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("9941339100")  # a valid check digit, but real NPIs start with 1 or 2
    assert not is_valid_npi("123456789")
    assert not is_valid_npi("12345678931")
    assert not is_valid_npi("12345678a3")


@given(st.from_regex(r"[12]\d{8}", fullmatch=True))
def test_exactly_one_check_digit_fits_each_base(base):
    assert sum(is_valid_npi(f"{base}{digit}") for digit in "0123456789") == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("1234567890", "check digit"), ("12345", "10 digits"), ("3234567893", "starts with 1 or 2")],
)
def test_validator_messages(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_npi(value)


@pytest.mark.django_db
def test_npi_is_optional_and_unique_when_set():
    factories.TherapistFactory(npi="")
    blank = factories.TherapistFactory(npi="")
    blank.full_clean()
    factories.TherapistFactory(npi=VALID)
    duplicate = factories.TherapistFactory.build(npi=VALID)
    with pytest.raises(ValidationError, match="Another listing already has this NPI"):
        duplicate.full_clean()


def listing_data(therapist, **changes):
    form = ListingForm(instance=therapist)
    data = {name: form[name].value() for name in LISTING_FIELDS}
    return {key: value for key, value in (data | changes).items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("npi", "error"),
    [("1234567890", "check digit is wrong"), ("12-345", "10 digits"), (VALID, None), ("", None)],
)
def test_listing_form_checks_the_npi(npi, error):
    therapist = factories.TherapistFactory()
    form = ListingForm(data=listing_data(therapist, npi=npi), instance=therapist)
    assert form.is_valid() is (error is None), form.errors
    if error:
        assert error in form.errors["npi"][0]


@pytest.mark.django_db
def test_listing_form_refuses_another_listings_npi():
    factories.TherapistFactory(npi=VALID)
    therapist = factories.TherapistFactory()
    form = ListingForm(data=listing_data(therapist, npi=VALID), instance=therapist)
    assert not form.is_valid()
    assert "Another listing already has this NPI." in str(form.errors)


def test_self_submission_form_has_the_npi():
    assert "npi" in SubmissionForm.base_fields


@pytest.mark.django_db
def test_admin_form_checks_the_npi(curator):
    model_admin = admin.site._registry[Therapist]
    request = RequestFactory().get("/")
    request.user = curator
    therapist = factories.TherapistFactory()
    form_class = model_admin.get_form(request, therapist)
    assert "npi" in form_class.base_fields
    fieldsets = [f for _, options in model_admin.get_fieldsets(request, therapist)
                 for f in options["fields"]]  # fmt: skip
    assert "npi" in fieldsets
    data = listing_data(therapist, npi="1234567890", slug=therapist.slug)
    form = form_class(data=data, instance=therapist)
    assert not form.is_valid() and "npi" in form.errors


# The NPPES import: recorded, fictional responses, no network.

API_RESPONSE = {
    "result_count": 2,
    "results": [
        {
            "number": int(VALID),
            "enumeration_type": "NPI-1",
            "basic": {"first_name": "RUTH", "last_name": "SCHWARTZ", "credential": "LCSW"},
            "addresses": [
                {"address_purpose": "MAILING", "telephone_number": "212-555-0000"},
                {"address_purpose": "LOCATION", "telephone_number": "518-555-0177",
                 "city": "ALBANY", "state": "NY"},
            ],
            "taxonomies": [
                {"code": "1041C0700X", "desc": "Social Worker, Clinical", "primary": True,
                 "state": "NY", "license": "R-123456"},
            ],
        },
        {"number": OTHER_VALID, "basic": {"first_name": "NOT", "last_name": "LISTED"}},
    ],
}  # fmt: skip

CSV_HEADER = (
    "NPI,Entity Type Code,Provider Last Name (Legal Name),Provider First Name,"
    "Provider Business Practice Location Address Telephone Number,"
    "Healthcare Provider Taxonomy Code_1,Provider License Number_1,"
    "Provider License Number State Code_1,Healthcare Provider Primary Taxonomy Switch_1\n"
)


@pytest.fixture
def listed(db):
    therapist = factories.TherapistFactory(npi=VALID, phone="518-555-0100")
    factories.CredentialFactory(therapist=therapist, number="LCSW-1", verified=True)
    return therapist


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def run(*args):
    out = StringIO()
    call_command("import_nppes", *args, stdout=out)
    return out.getvalue()


def test_dry_run_shows_differences_and_writes_nothing(tmp_path, listed):
    before = Therapist.objects.values().get(pk=listed.pk)
    out = run(write(tmp_path, "nppes.json", API_RESPONSE))
    assert "518-555-0177" in out and "R-123456" in out
    assert "2 records; 1 listings differ; 1 NPIs are not in the directory" in out
    assert "Dry run" in out
    assert Report.objects.count() == 0
    assert Therapist.objects.values().get(pk=listed.pk) == before


def test_apply_files_one_report_and_never_edits_the_listing(tmp_path, listed):
    before = Therapist.objects.values().get(pk=listed.pk)
    path = write(tmp_path, "nppes.json", API_RESPONSE)
    out = run(path, "--apply")
    assert "Filed 1 reports" in out
    report = Report.objects.get()
    assert report.therapist == listed and report.topic == Report.Topic.CREDENTIALS
    assert "R-123456" in report.message and report.contact.startswith("NPPES import")
    assert Therapist.objects.values().get(pk=listed.pk) == before
    assert listed.credentials.get().verification == "verified"
    run(path, "--apply")
    assert Report.objects.count() == 1  # an open report is not filed twice


def test_csv_file(tmp_path, listed):
    rows = f"{VALID},1,SCHWARTZ,RUTH,5185550100,1041C0700X,LCSW-1,NY,Y\n"
    out = run(write(tmp_path, "nppes.csv", CSV_HEADER + rows), "--apply")
    assert "0 listings differ" in out and Report.objects.count() == 0
    rows = f"{VALID},1,SCHWARTZ,RUTH,5185550100,103T00000X,PSY-9,NJ,Y\n"
    run(write(tmp_path, "nppes.csv", CSV_HEADER + rows), "--apply")
    message = Report.objects.get().message
    assert "PSY-9 in NJ" in message and "103T00000X" in message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "JSON is not valid"),
        ({"results": "nope"}, "no list of results"),
        ("name,city\nRuth,Albany\n", "NPI column"),
        ({"results": [{"number": "1234567890"}]}, "not a valid NPI"),
        (CSV_HEADER + "12345,1,X,Y,,,,,\n", "Record 1"),
    ],
)
def test_bad_files_import_nothing(tmp_path, listed, content, reason):
    with pytest.raises(CommandError, match=reason):
        run(write(tmp_path, "bad.json", content), "--apply")
    assert Report.objects.count() == 0


def test_missing_file(db):
    with pytest.raises(CommandError, match="Can't read"):
        run("/nonexistent/nppes.json")


def test_all_or_nothing(tmp_path, listed, monkeypatch):
    second = factories.TherapistFactory(npi=OTHER_VALID, phone="")
    assert second.npi == OTHER_VALID
    response = {"results": [API_RESPONSE["results"][0],
                            {"number": OTHER_VALID, "addresses": [
                                {"address_purpose": "LOCATION", "telephone_number": "1"}]}]}  # fmt: skip
    create = Report.objects.create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return create(**kwargs)

    monkeypatch.setattr(Report.objects, "create", failing_create)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, "nppes.json", response), "--apply")
    assert len(calls) == 2 and Report.objects.count() == 0


def test_read_takes_numbers_as_strings():
    (provider,) = nppes.read(json.dumps({"results": [API_RESPONSE["results"][0]]}).encode())
    assert provider.npi == VALID and provider.phone == "518-555-0177"
