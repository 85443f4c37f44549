"""CSV export of published listings, and the two-step, all-or-nothing import."""

import csv
import io
from unittest import mock

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipt_finder.directory import models
from ipt_finder.directory.choices import Status
from ipt_finder.directory.curation import imports
from ipt_finder.directory.curation import services as curation
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:directory_therapist_import")
EXPORT = reverse("admin:directory_therapist_export")


def export(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def upload(client, text, name="listings.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def confirm(client, dry_run):
    return client.post(
        IMPORT,
        {"csv": dry_run.context["csv"], "filename": dry_run.context["filename"], "confirm": "yes"},
    )


def csv_text(*rows, columns=None):
    columns = columns or list(dict.fromkeys(name for r in rows for name in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def row(**values):
    return {
        "name": "Maya Chen",
        "profession": "social_worker",
        "licence_type": "lcsw",
        "years_in_practice": "12",
        "ipt_years": "6",
        "fee": "140",
        "languages": "en;es",
        "offers_individual": "true",
        **values,
    }


@pytest.fixture
def languages():
    factories.LanguageFactory(code="en", name="English")
    factories.LanguageFactory(code="es", name="Spanish")


def full_listing(**kwargs):
    therapist = factories.TherapistFactory(
        pronouns="they/them",
        fee=160,
        sliding_scale=True,
        sliding_scale_min_fee=60,
        transgender=None,
        lgbtq=True,
        offers_group=True,
        consultation="paid",
        consultation_fee=40,
        consultation_minutes=20,
        telehealth_video=True,
        **kwargs,
    )
    plan = factories.InsurancePlanFactory(insurer__slug="aetna", slug="choice-pos")
    therapist.insurance_plans.add(plan)
    therapist.languages.add(factories.LanguageFactory(code="es", name="Spanish"))
    therapist.conditions.add(models.Condition.objects.get(slug="grief"))
    therapist.telehealth_states.add(factories.StateFactory(code="NY"))
    return therapist


def test_export_lists_published_listings_with_their_vocabularies(curator_client):
    published = full_listing(name="Ana Ruiz")
    factories.TherapistFactory(name="Draft Person", status=Status.DRAFT)
    factories.TherapistFactory(name="Suspended Person", status=Status.SUSPENDED)

    rows = rows_of(export(curator_client))

    assert [r["name"] for r in rows] == ["Ana Ruiz"]
    (exported,) = rows
    assert list(exported) == imports.COLUMNS
    assert exported["slug"] == published.slug
    assert exported["insurance_plans"] == "aetna/choice-pos"
    assert exported["languages"] == "es"
    assert exported["conditions"] == "grief"
    assert (exported["lgbtq"], exported["transgender"], exported["offers_group"]) == (
        "true",
        "",
        "true",
    )
    assert "status" not in exported and "curator_notes" not in exported


def test_export_runs_the_same_queries_for_few_or_many_listings(curator_client):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            export(curator_client)
        return len(queries)

    full_listing()
    few = measure()
    for _ in range(20):
        full_listing()
    assert measure() == few


def test_a_clean_file_is_a_dry_run_first_then_imported_as_pending(
    curator_client, curator, languages
):
    text = csv_text(row(), row(name="Bo Park", slug="bo-park-nyc", languages=""))

    dry_run = upload(curator_client, text)

    assert dry_run.status_code == 200
    assert dry_run.context["plan"].ok
    assert "Dry run: 2 listings ready, no errors" in dry_run.text
    assert not models.Therapist.objects.exists()

    response = confirm(curator_client, dry_run)

    assert response.status_code == 302
    assert response.url.endswith("?status__exact=pending")
    listings = {t.slug: t for t in models.Therapist.objects.all()}
    assert set(listings) == {"maya-chen", "bo-park-nyc"}
    assert {t.status for t in listings.values()} == {Status.PENDING}
    assert sorted(lang.code for lang in listings["maya-chen"].languages.all()) == ["en", "es"]
    history = models.StatusChange.objects.get(therapist=listings["maya-chen"])
    assert (history.to_status, history.changed_by, history.reason) == (
        Status.PENDING,
        curator,
        "Imported from listings.csv",
    )
    assert LogEntry.objects.filter(action_flag=ADDITION, user=curator).count() == 2


def test_the_dry_run_shows_each_error_with_its_row_and_column(curator_client, languages):
    text = csv_text(
        row(),
        row(name="Bad Fee", fee="9000"),
        row(name="Bad Language", languages="en;xx"),
        row(name="Wrong Licence", licence_type="lmft"),
        row(name="Maya Chen"),  # the same slug as row 2
        row(name="Bad Boolean", offers_individual="maybe"),
    )

    dry_run = upload(curator_client, text)

    plan = dry_run.context["plan"]
    assert not plan.ok
    errors = {r.number: r.errors for r in plan.rows if r.errors}
    assert errors[3] == [("fee", "Ensure this value is less than or equal to 2000.")]
    assert errors[4] == [("languages", "Unknown languages: xx.")]
    assert errors[5] == [("licence_type", "LMFT is not a licence for a clinical social worker.")]
    assert errors[6] == [("slug", "Another row in this file has the same slug.")]
    assert errors[7] == [("offers_individual", "Use true or false (or leave it blank).")]
    assert 2 not in errors
    assert "Row 3, fee: Ensure this value is less than or equal to 2000." in dry_run.text
    assert "Row 4, languages: Unknown languages: xx." in dry_run.text
    assert "nothing will be imported" in dry_run.text
    assert 'name="confirm"' not in dry_run.text
    assert not models.Therapist.objects.exists()


def test_one_bad_row_imports_nothing_even_if_confirmed(curator_client, languages):
    text = csv_text(row(), row(name="Bad Fee", fee="9000"))
    response = curator_client.post(
        IMPORT, {"csv": text, "filename": "listings.csv", "confirm": "yes"}
    )
    assert response.status_code == 200
    assert not response.context["plan"].ok
    assert not models.Therapist.objects.exists()


def test_a_failure_part_way_through_the_import_writes_nothing(curator, languages):
    plan = imports.plan_import(csv_text(row(), row(name="Bo Park")))
    assert plan.ok
    calls = []

    def fail_on_second(therapist, *args, **kwargs):
        calls.append(therapist)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return models.StatusChange.objects.create(
            therapist=therapist, to_status=therapist.status, reason="test"
        )

    with (
        mock.patch.object(curation, "record_new_listing", side_effect=fail_on_second),
        pytest.raises(RuntimeError),
    ):
        imports.run_import(plan, curator, "listings.csv")
    assert not models.Therapist.objects.exists()
    assert not models.StatusChange.objects.exists()


def test_an_existing_slug_is_an_error(curator_client, languages):
    factories.TherapistFactory(slug="maya-chen")
    plan = upload(curator_client, csv_text(row())).context["plan"]
    assert plan.rows[0].errors == [("slug", "Therapist with this Slug already exists.")]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("name,profession,colour\nA,social_worker,red\n", "Unknown columns: colour."),
        ("name,fee\nA,100\n", "Missing columns: licence_type, profession."),
        ("name,profession,licence_type\n", "The file has a header but no listings."),
        ("", "The file is empty."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(curator_client, text, problem):
    response = upload(curator_client, text) if text else curator_client.post(IMPORT, {})
    page = response.text
    assert problem in page or (problem == "The file is empty." and "Choose a CSV file." in page)
    assert not models.Therapist.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(curator_client):
    response = curator_client.post(
        IMPORT, {"file": SimpleUploadedFile("l.csv", "name\nJosé".encode("latin-1"))}
    )
    assert "not UTF-8" in response.text


def test_export_then_import_into_an_empty_database_gives_the_same_listings(curator_client):
    full_listing(name="Ana Ruiz", accepting_confirmed_on=None, gender="woman", faith="jewish")
    full_listing(name="Bo Park", maintenance_frequency="monthly", offers_maintenance=True)
    factories.TherapistFactory(name="Cy Lee", bio='Line one,\nline two with "quotes".')
    first = export(curator_client)

    models.Therapist.objects.all().delete()
    dry_run = upload(curator_client, first, name="export.csv")
    assert dry_run.context["plan"].ok, [r.errors for r in dry_run.context["plan"].rows]
    confirm(curator_client, dry_run)
    assert set(models.Therapist.objects.values_list("status", flat=True)) == {Status.PENDING}
    curation.change_status(
        models.Therapist.objects.all(), "publish", None, "Checked after the import."
    )

    assert export(curator_client) == first
    assert len(rows_of(first)) == 3
