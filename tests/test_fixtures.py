"""The demo fixture and the commands that generate data."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from ipt_finder.directory import models
from ipt_finder.directory.choices import (
    Accepting,
    Consultation,
    CostPolicy,
    IPTBody,
    Rung,
    Status,
    USState,
    Verification,
)
from ipt_finder.directory.demo import DEMO_ANCHOR, DEMO_FIXTURE
from ipt_finder.directory.models.summary import drifted
from tests.factories import TherapistFactory

# Every model the fixture holds rows for, parents first.
DEMO_MODELS = [
    models.IssuingBody,
    models.Insurer,
    models.InsurancePlan,
    models.Organisation,
    models.Therapist,
    models.Credential,
    models.IPTTraining,
    models.CulturalTraining,
    models.Location,
    models.SlidingScaleTier,
    models.ProblemAreaExperience,
]
VOCABULARY_FIELDS = {
    "conditions": models.Condition,
    "age_groups": models.AgeGroup,
    "adaptations": models.Adaptation,
    "communities": models.Community,
    "traits": models.Trait,
    "ethnicities": models.Ethnicity,
    "payment_methods": models.PaymentMethod,
    "languages": models.Language,
}


def published():
    return models.Therapist.objects.published()


def used_by_published(field_name):
    """The primary keys a published therapist links to through an M2M field."""
    field = models.Therapist._meta.get_field(field_name)
    through = field.remote_field.through.objects.filter(therapist__status=Status.PUBLISHED)
    return set(through.values_list(f"{field.m2m_reverse_field_name()}_id", flat=True))


def fixture_objects():
    return json.loads(DEMO_FIXTURE.read_text(encoding="utf-8"))


def assert_summaries_are_fresh(therapists):
    """The listings' summary columns equal what a recomputation gives."""
    assert drifted(therapists) == []


@pytest.mark.django_db
class TestDemoFixture:
    """Loads the fixture once, in a transaction rolled back after the class's last test.

    Each test's own transaction nests inside it as a savepoint.
    """

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            # `loaddata demo` finds the file by name once FIXTURE_DIRS includes fixtures/.
            call_command("loaddata", "demo", verbosity=0)
            yield
            transaction.set_rollback(True)

    def test_size_and_spread(self):
        assert published().count() >= 200
        for status in Status.values:
            assert models.Therapist.objects.filter(status=status).exists(), status
        cities = (
            models.Location.objects.filter(therapist__status=Status.PUBLISHED)
            .values("city", "state")
            .distinct()
        )
        assert cities.count() >= 12
        telehealth_only = (
            published()
            .filter(locations__isnull=True, telehealth_states__isnull=False)
            .filter(Q(telehealth_video=True) | Q(telehealth_phone=True))
            .distinct()
        )
        assert telehealth_only.count() >= 5

    @pytest.mark.parametrize("field_name", VOCABULARY_FIELDS)
    def test_every_vocabulary_value_is_used(self, field_name):
        every = set(VOCABULARY_FIELDS[field_name].objects.values_list("pk", flat=True))
        assert every == used_by_published(field_name)

    def test_every_insurer_is_used(self):
        plans = used_by_published("insurance_plans")
        used = set(
            models.InsurancePlan.objects.filter(pk__in=plans).values_list("insurer", flat=True)
        )
        assert used == set(models.Insurer.objects.values_list("pk", flat=True))

    def test_every_choice_is_used(self):
        unused = {}
        for model in DEMO_MODELS:
            for field in model._meta.concrete_fields:
                choices = field.choices or getattr(field, "output_field", field).choices
                # States are a place, not a vocabulary: the demo covers its metros.
                if not choices or field.is_relation or choices == USState.choices:
                    continue
                expected = {value for value, _ in choices if value != ""}
                used = set(model.objects.values_list(field.attname, flat=True))
                if expected - used:
                    unused[f"{model.__name__}.{field.name}"] = expected - used
        assert unused == {}

    def test_every_ipt_body_and_rung_has_published_therapists(self):
        trainings = models.IPTTraining.objects.filter(therapist__status=Status.PUBLISHED)
        assert set(trainings.values_list("body", flat=True)) == set(IPTBody.values)
        assert set(trainings.values_list("rung", flat=True)) == set(Rung.values)

    def test_credentials_include_expired_unverified_and_rejected(self):
        credentials = models.Credential.objects.filter(therapist__status=Status.PUBLISHED)
        assert credentials.filter(expires_on__lt=DEMO_ANCHOR).exists()
        assert credentials.filter(
            verification=Verification.VERIFIED, expires_on__lt=DEMO_ANCHOR
        ).exists()
        assert credentials.filter(verification=Verification.UNVERIFIED).exists()
        assert credentials.filter(verification=Verification.REJECTED).exists()
        assert published().with_verified_licence(on=DEMO_ANCHOR).count() > 100

    def test_fees_are_realistic(self):
        fees = published().exclude(fee=None)
        assert set(fees.values_list("fee", flat=True)) <= set(range(90, 301))
        minimums = published().filter(sliding_scale=True)
        assert minimums.count() >= 30
        assert set(minimums.values_list("sliding_scale_min_fee", flat=True)) <= set(range(30, 81))
        free = published().filter(consultation=Consultation.FREE)
        assert set(free.values_list("consultation_minutes", flat=True)) >= {15, 20}

    def test_sliding_scale_tiers_are_consistent(self):
        therapists = published().filter(sliding_scale_tiers__isnull=False).distinct()
        assert therapists.count() >= 20
        with_households = models.SlidingScaleTier.objects.filter(household_max__isnull=False)
        assert with_households.exists()
        for therapist in therapists.prefetch_related("sliding_scale_tiers"):
            tiers = list(therapist.sliding_scale_tiers.all())
            assert models.SlidingScaleTier.check_tiers(tiers) == [], therapist.slug
            assert min(t.fee for t in tiers) == therapist.sliding_scale_min_fee
            assert max(t.fee for t in tiers) <= therapist.fee

    def test_availability_and_languages(self):
        assert published().filter(accepting=Accepting.NO).exists()
        stale = DEMO_ANCHOR - timedelta(days=models.FRESHNESS_DAYS)
        assert published().filter(accepting_confirmed_on__lt=stale).exists()
        assert published().accepting(on=DEMO_ANCHOR).count() > 100
        spanish = published().filter(languages="es").count()
        assert spanish >= published().count() // 5

    def test_free_and_low_cost_organisations_have_members(self):
        organisations = models.Organisation.objects.annotate(
            members=Count("therapists", filter=Q(therapists__status=Status.PUBLISHED))
        )
        assert organisations.filter(cost_policy=CostPolicy.FREE).exists()
        assert organisations.filter(cost_policy=CostPolicy.LOW_COST).exists()
        for organisation in organisations.exclude(cost_policy=CostPolicy.STANDARD):
            assert organisation.members > 0, organisation.slug
            assert organisation.cost_details, organisation.slug

    def test_slugs_are_unique_and_texts_written(self):
        therapists = published()
        assert therapists.values("slug").distinct().count() == therapists.count()
        for therapist in therapists:
            assert "IPT" in therapist.bio or "Interpersonal" in therapist.bio
            assert therapist.approach and therapist.first_session
        assert therapists.filter(approach__contains="PHQ-9").exists()

    def test_every_row_passes_full_clean(self):
        # The database enforced every constraint as the rows went in (bar the tiers'
        # PostgreSQL-only exclusion, which clean() and the tier test cover), so Django
        # re-checks constraints, a query each, on every tenth row only.
        failures = []
        for model in DEMO_MODELS:
            for i, obj in enumerate(model.objects.order_by("pk")):
                try:
                    obj.full_clean(validate_constraints=i % 10 == 0)
                except ValidationError as error:
                    failures.append(f"{model.__name__} {obj.pk}: {error}")
        assert failures == []


def test_generate_demo_matches_the_committed_fixture(tmp_path):
    output = tmp_path / "demo.json"
    call_command("generate_demo", output=output, stdout=StringIO())
    assert output.read_bytes() == DEMO_FIXTURE.read_bytes(), (
        "fixtures/demo.json is stale: run manage.py generate_demo"
    )


@pytest.mark.django_db
def test_load_demo_if_empty_skips_when_there_are_therapists():
    TherapistFactory()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert models.Therapist.objects.count() == 1
    assert "not loaded" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_moves_dates_up_to_today():
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    shift = timezone.localdate() - DEMO_ANCHOR
    therapists = [o for o in fixture_objects() if o["model"] == "directory.therapist"]
    assert models.Therapist.objects.count() == len(therapists)
    assert "Loaded the demo" in out.getvalue()

    newest = max(o["fields"]["accepting_confirmed_on"] or "" for o in therapists)
    latest = models.Therapist.objects.aggregate(latest=Max("accepting_confirmed_on"))["latest"]
    assert latest == DEMO_ANCHOR.fromisoformat(newest) + shift
    assert timezone.localdate() - timedelta(days=7) <= latest <= timezone.localdate()
    first = therapists[0]["fields"]
    therapist = models.Therapist.objects.get(slug=first["slug"])
    assert therapist.created_at.date() - shift <= DEMO_ANCHOR
    credential = models.Credential.objects.filter(therapist=therapist).order_by("pk").first()
    fixture_credential = next(
        o for o in fixture_objects() if o["model"] == "directory.credential" and o["pk"] == 1
    )
    issued = DEMO_ANCHOR.fromisoformat(fixture_credential["fields"]["issued_on"])
    assert credential.pk == 1 and credential.issued_on == issued + shift
    assert_summaries_are_fresh(models.Therapist.objects.all())
    assert models.Therapist.objects.filter(licence_verified_until__gte=timezone.localdate()).count()


def bench():
    return models.Therapist.objects.filter(slug__startswith="bench-")


@pytest.mark.django_db
def test_generate_listings_creates_published_listings_with_child_rows():
    call_command("generate_listings", "25", "--seed", "7", verbosity=0, stdout=StringIO())
    listings = bench()
    assert listings.count() == 25
    assert listings.filter(status=Status.PUBLISHED).count() == 25
    for therapist in listings.prefetch_related("locations", "telehealth_states"):
        assert therapist.credentials.filter(kind="licence").exists()
        assert therapist.ipt_trainings.exists()
        assert therapist.problem_areas.count() >= 2
        assert therapist.languages.filter(code="en").exists()
        assert therapist.conditions.exists()
        assert therapist.locations.exists() or therapist.telehealth_states.exists()
    assert models.Location.objects.filter(therapist__in=listings).exists()
    rows = [
        *listings,
        *models.Credential.objects.filter(therapist__in=listings),
        *models.IPTTraining.objects.filter(therapist__in=listings),
        *models.Location.objects.filter(therapist__in=listings),
        *models.SlidingScaleTier.objects.filter(therapist__in=listings),
    ]
    for row in rows:
        row.full_clean()
    assert listings.filter(ipt_rung__isnull=False).exists()
    assert_summaries_are_fresh(listings)


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "1000001", "-5"])
def test_generate_listings_rejects_counts_out_of_range(count):
    with pytest.raises(CommandError, match="1 to 1,000,000"):
        call_command("generate_listings", count, verbosity=0, stdout=StringIO())
    assert not models.Therapist.objects.exists()


@pytest.mark.django_db
def test_generate_listings_numbers_a_second_run_after_the_first():
    TherapistFactory(name="Bench Press", slug="bench-press")
    call_command("generate_listings", "5", verbosity=0, stdout=StringIO())
    call_command("generate_listings", "5", verbosity=0, stdout=StringIO())
    slugs = sorted(bench().exclude(slug="bench-press").values_list("slug", flat=True))
    assert len(slugs) == 10
    assert [slug[:13] for slug in slugs] == [f"bench-{n:07d}" for n in range(1, 11)]
