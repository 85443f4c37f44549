import datetime
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipt_finder.directory import models
from ipt_finder.directory.choices import CredentialKind, Rung, Verification
from tests import factories

pytestmark = pytest.mark.django_db


class ReportFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(factories.TherapistFactory)
    topic = models.Report.Topic.ACCEPTING
    message = "They told me they are not taking new clients."

    class Meta:
        model = models.Report


# Every model a curator keeps; the data stamp is bookkeeping kept by database triggers.
DIRECTORY_MODELS = [
    model
    for model in apps.get_app_config("directory").get_models()
    if model is not models.DataStamp
]

FACTORIES = {
    models.Condition: factories.ConditionFactory,
    models.AgeGroup: factories.AgeGroupFactory,
    models.Adaptation: factories.AdaptationFactory,
    models.Community: factories.CommunityFactory,
    models.Trait: factories.TraitFactory,
    models.Ethnicity: factories.EthnicityFactory,
    models.PaymentMethod: factories.PaymentMethodFactory,
    models.Insurer: factories.InsurerFactory,
    models.InsurancePlan: factories.InsurancePlanFactory,
    models.Language: factories.LanguageFactory,
    models.State: factories.StateFactory,
    models.IssuingBody: factories.IssuingBodyFactory,
    models.Organisation: factories.OrganisationFactory,
    models.Therapist: factories.TherapistFactory,
    models.Credential: factories.CredentialFactory,
    models.IPTTraining: factories.IPTTrainingFactory,
    models.CulturalTraining: factories.CulturalTrainingFactory,
    models.Location: factories.LocationFactory,
    models.SlidingScaleTier: factories.SlidingScaleTierFactory,
    models.ProblemAreaExperience: factories.ProblemAreaExperienceFactory,
    models.Report: ReportFactory,
    models.StatusChange: factories.StatusChangeFactory,
    models.Submission: factories.SubmissionFactory,
}

TODAY = datetime.date(2025, 6, 2)
FROZEN = time_machine.travel(
    datetime.datetime(2025, 6, 2, 12, tzinfo=ZoneInfo("America/New_York")), tick=False
)


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:directory_{model._meta.model_name}_{view}", args=args)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def encoded(form):
    """A form's current values as a browser would post them."""
    data = {}
    for field in form:
        widget = getattr(field.field.widget, "widget", field.field.widget)
        value = field.value()
        if isinstance(widget, forms.NullBooleanSelect):
            data[field.html_name] = {None: "unknown", True: "true", False: "false"}[value]
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[field.html_name] = [str(v) for v in value or []]
        elif not isinstance(widget, forms.FileInput):
            data[field.html_name] = "" if value is None else str(value)
    return data


def post_data(response):
    """What a browser would post back from the admin form on this page, unchanged."""
    data = encoded(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        for form in [inline.formset.management_form, *inline.formset.forms]:
            data.update(encoded(form))
    return data


def add_rows(response, data, prefix, *rows):
    """Fill new inline rows as "Add another" would: the blank row's defaults, then `rows`."""
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    blank = encoded(formset.empty_form)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index, row in enumerate(rows, start=total):
        data.update({name.replace("__prefix__", str(index)): v for name, v in blank.items()})
        data.update({f"{prefix}-{index}-{name}": str(value) for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))


def form_errors(response):
    """Every error on a re-rendered admin form, to explain a failed save."""
    if response.context is None or "adminform" not in response.context:
        return None
    errors = {"form": response.context["adminform"].form.errors}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        errors[formset.prefix] = [formset.non_form_errors(), *formset.errors]
    return errors


def tier_errors(response):
    (tiers,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "sliding_scale_tiers"
    ]
    return [*tiers.non_form_errors(), *(e for row in tiers.errors for v in row.values() for e in v)]


def test_every_directory_model_is_registered():
    assert [m.__name__ for m in DIRECTORY_MODELS if not admin.site.is_registered(m)] == []
    assert set(FACTORIES) == set(DIRECTORY_MODELS)


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages(admin_client, model):
    record = FACTORIES[model]()

    changelist = admin_client.get(admin_url(model))
    assert changelist.status_code == 200
    assert changelist.context["cl"].queryset.filter(pk=record.pk).exists()
    # History and therapists' submissions are never added by hand, even by a superuser.
    addable = model not in {models.StatusChange, models.Submission}
    assert admin_client.get(admin_url(model, "add")).status_code == (200 if addable else 403)
    assert admin_client.get(admin_url(model, "change", record.pk)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [reverse("admin:index"), reverse("admin:directory_therapist_changelist")],
)
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_therapist_change_page_saves_inline_rows(admin_client, admin_user):
    english = factories.LanguageFactory(code="en", name="English")
    therapist = factories.TherapistFactory(name="Ana Ruiz", languages=[english])
    credential = factories.CredentialFactory(therapist=therapist)
    grief = factories.ConditionFactory(slug="grief")
    plan = factories.InsurancePlanFactory()
    url = admin_url(models.Therapist, "change", therapist.pk)
    page = admin_client.get(url)
    assert page.status_code == 200

    data = post_data(page)
    data.update(name="Ana Ruiz-Ortega", sliding_scale="on", sliding_scale_min_fee="60")
    data.update(
        conditions=[str(grief.pk)], insurance_plans=[str(plan.pk)], telehealth_states=["NY"]
    )
    data["credentials-0-verification"] = Verification.VERIFIED
    data["credentials-0-verification_source"] = "https://example.org/license-lookup"
    add_rows(
        page,
        data,
        "credentials",
        {"kind": "degree", "title": "MSW", "issuer": credential.issuer.pk},
    )
    add_rows(page, data, "ipt_trainings", {"level": "institute_d", "completed_on": "2021-05-01"})
    add_rows(page, data, "cultural_trainings", {"course": "Cultural humility", "provider": "NASW"})
    add_rows(page, data, "problem_areas", {"area": "grief", "experience": 3})
    add_rows(page, data, "locations", {"city": "Albany", "state": "NY", "country": "US"})
    add_rows(
        page,
        data,
        "sliding_scale_tiers",
        {"income_min": 0, "income_max": 30000, "household_min": 1, "fee": 60},
        {"income_min": 30000, "household_min": 1, "fee": 90},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, form_errors(response)

    therapist.refresh_from_db()
    assert therapist.name == "Ana Ruiz-Ortega"
    assert list(therapist.languages.all()) == [english]
    assert list(therapist.conditions.all()) == [grief]
    assert list(therapist.insurance_plans.all()) == [plan]
    assert [s.code for s in therapist.telehealth_states.all()] == ["NY"]
    assert therapist.credentials.count() == 2
    credential.refresh_from_db()
    assert credential.verification == Verification.VERIFIED
    assert credential.verified_by == admin_user
    assert credential.verified_at is not None
    assert therapist.ipt_trainings.get().rung == Rung.SUPERVISOR
    assert therapist.cultural_trainings.count() == 1
    assert therapist.problem_areas.get().experience == 3
    assert therapist.locations.get().city == "Albany"
    assert [t.fee for t in therapist.sliding_scale_tiers.order_by("income_min")] == [60, 90]


def test_closing_a_report_records_who_and_when(admin_client, admin_user):
    report = ReportFactory()
    url = admin_url(models.Report, "change", report.pk)
    data = post_data(admin_client.get(url))
    data["status"] = models.Report.Status.RESOLVED
    response = admin_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    report.refresh_from_db()
    assert report.handled_by == admin_user
    assert report.handled_at is not None


def test_unverifying_clears_who_verified(admin_client, admin_user):
    credential = factories.CredentialFactory(verified=True, verified_by=admin_user)
    url = admin_url(models.Credential, "change", credential.pk)
    data = post_data(admin_client.get(url))
    data["verification"] = Verification.UNVERIFIED
    response = admin_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    credential.refresh_from_db()
    assert (credential.verified_by, credential.verified_at) == (None, None)


BAD_TIERS = {
    "overlapping": (
        [
            {"income_min": 0, "income_max": 30000, "household_min": 1, "fee": 40},
            {"income_min": 20000, "household_min": 1, "fee": 80},
        ],
        "overlaps",
    ),
    "inverted fees": (
        [
            {"income_min": 0, "income_max": 30000, "household_min": 1, "fee": 80},
            {"income_min": 30000, "household_min": 1, "fee": 40},
        ],
        "charges less than",
    ),
    "inverted band": (
        [{"income_min": 30000, "income_max": 10000, "household_min": 1, "fee": 40}],
        "upper bound must be above",
    ),
}


@pytest.mark.parametrize("tiers, message", BAD_TIERS.values(), ids=BAD_TIERS.keys())
def test_bad_tiers_on_the_change_page_show_an_error_and_save_nothing(admin_client, tiers, message):
    therapist = factories.TherapistFactory(name="Ana Ruiz")
    url = admin_url(models.Therapist, "change", therapist.pk)
    page = admin_client.get(url)
    data = post_data(page)
    data.update(name="Renamed", sliding_scale="on", sliding_scale_min_fee="40")
    add_rows(page, data, "sliding_scale_tiers", *tiers)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert any(message in str(error) for error in tier_errors(response)), tier_errors(response)
    therapist.refresh_from_db()
    assert therapist.name == "Ana Ruiz"
    assert not models.SlidingScaleTier.objects.exists()


def test_overlapping_tiers_on_the_add_page_show_an_error_and_save_nothing(admin_client):
    page = admin_client.get(admin_url(models.Therapist, "add"))
    data = post_data(page)
    data.update(
        name="Ana Ruiz",
        slug="ana-ruiz",
        profession="social_worker",
        licence_type="lcsw",
        sliding_scale="on",
        sliding_scale_min_fee="40",
    )
    add_rows(page, data, "sliding_scale_tiers", *BAD_TIERS["overlapping"][0])

    response = admin_client.post(admin_url(models.Therapist, "add"), data)

    assert response.status_code == 200
    assert any("overlaps" in str(error) for error in tier_errors(response))
    assert not models.Therapist.objects.exists()
    assert not models.SlidingScaleTier.objects.exists()


def test_a_new_tier_overlapping_a_saved_one_is_an_error(admin_client):
    tier = factories.SlidingScaleTierFactory(income_min=0, income_max=30000)
    url = admin_url(models.Therapist, "change", tier.therapist.pk)
    page = admin_client.get(url)
    data = post_data(page)
    add_rows(
        page, data, "sliding_scale_tiers", {"income_min": 10000, "household_min": 1, "fee": 60}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert any("overlaps" in str(error) for error in tier_errors(response))
    assert models.SlidingScaleTier.objects.get() == tier


@FROZEN
def test_verified_now_and_expiry_follow_the_model_rule(admin_client):
    current = factories.CredentialFactory(verified=True)
    expired = factories.CredentialFactory(
        verified=True, issued_on=datetime.date(2015, 1, 1), expires_on=TODAY - datetime.timedelta(1)
    )
    unverified = factories.CredentialFactory()
    lifelong = factories.CredentialFactory(verified=True, expires_on=None)
    url = admin_url(models.Credential)

    def listed(query):
        response = admin_client.get(f"{url}?{query}")
        return {row.pk for row in response.context["cl"].result_list}

    assert listed("verified_now=yes") == {current.pk, lifelong.pk}
    assert listed("verified_now=no") == {expired.pk, unverified.pk}
    assert listed("expiry=expired") == {expired.pk}
    assert listed("expiry=current") == {current.pk, unverified.pk, lifelong.pk}
    assert listed("expiry=never") == {lifelong.pk}
    rows = admin_client.get(url).context["cl"].result_list
    assert {row.pk: row.is_verified() for row in rows} == {
        current.pk: True,
        expired.pk: False,
        unverified.pk: False,
        lifelong.pk: True,
    }


@FROZEN
def test_therapist_changelist_shows_who_has_a_verified_licence(admin_client):
    licensed = factories.CredentialFactory(verified=True).therapist
    lapsed = factories.CredentialFactory(
        verified=True, issued_on=datetime.date(2015, 1, 1), expires_on=TODAY - datetime.timedelta(1)
    ).therapist
    unchecked = factories.CredentialFactory().therapist
    certified_only = factories.CredentialFactory(
        verified=True, kind=CredentialKind.CERTIFICATION
    ).therapist
    url = admin_url(models.Therapist)

    response = admin_client.get(url)
    assert {t.pk: t.has_verified_licence for t in response.context["cl"].result_list} == {
        licensed.pk: True,
        lapsed.pk: False,
        unchecked.pk: False,
        certified_only.pk: False,
    }
    yes = admin_client.get(f"{url}?verified_licence=yes").context["cl"].result_list
    no = admin_client.get(f"{url}?verified_licence=no").context["cl"].result_list
    assert {t.pk for t in yes} == {licensed.pk}
    assert {t.pk for t in no} == {lapsed.pk, unchecked.pk, certified_only.pk}


def test_therapist_changelist_shows_the_highest_verified_ipt_rung(admin_client):
    therapist = factories.IPTTrainingFactory(verified=True).therapist
    factories.IPTTrainingFactory(therapist=therapist, level="isipt_trainer")
    response = admin_client.get(admin_url(models.Therapist))
    assert Rung.CERTIFIED.label in response.text
    assert Rung.TRAINER.label not in response.text


@FROZEN
def test_shown_accepting_filter_uses_the_freshness_rule(admin_client):
    fresh = factories.TherapistFactory()
    stale = factories.TherapistFactory(accepting_confirmed_on=TODAY - datetime.timedelta(365))
    never = factories.TherapistFactory(accepting_confirmed_on=None)
    factories.TherapistFactory(accepting="no")
    url = admin_url(models.Therapist)

    def listed(value):
        response = admin_client.get(f"{url}?shown_accepting={value}")
        return {t.pk for t in response.context["cl"].result_list}

    assert listed("yes") == {fresh.pk}
    assert listed("stale") == {stale.pk, never.pk}


def test_ipt_training_page_shows_the_body_and_rung_from_the_level(admin_client):
    training = factories.IPTTrainingFactory(level="uk_d")
    response = admin_client.get(admin_url(models.IPTTraining, "change", training.pk))
    assert "IPT UK" in response.text
    assert Rung.CERTIFIED.label in response.text


def make_listings(count):
    """Listings with a row for every changelist, and the vocabularies they show."""
    issuer = factories.IssuingBodyFactory(slug="ny-board")
    english = factories.LanguageFactory(code="en", name="English")
    spanish = factories.LanguageFactory(code="es", name="Spanish")
    curator = factories.UserFactory()
    now = timezone.now()
    for _ in range(count):
        therapist = factories.TherapistFactory(
            languages=[english, spanish],
            sliding_scale=True,
            sliding_scale_min_fee=40,
            needs_review=True,
            review_reason="No current verified licence",
        )
        therapist.organisations.add(factories.OrganisationFactory())
        factories.CredentialFactory(therapist=therapist, issuer=issuer, verified=True)
        factories.CredentialFactory(therapist=therapist, issuer=issuer, verified_by=curator)
        factories.IPTTrainingFactory(therapist=therapist, verified=True)
        factories.CulturalTrainingFactory(therapist=therapist)
        factories.LocationFactory(therapist=therapist)
        factories.SlidingScaleTierFactory(therapist=therapist)
        factories.ProblemAreaExperienceFactory(therapist=therapist)
        ReportFactory(therapist=therapist, status="resolved", handled_by=curator, handled_at=now)
        ReportFactory(therapist=therapist)
        factories.StatusChangeFactory(therapist=therapist, changed_by=curator)
        factories.SubmissionFactory(therapist=therapist, handled_by=curator, handled_at=now)


CHANGELISTS = [
    admin_url(models.Therapist),
    admin_url(models.Therapist) + "?verified_licence=yes&shown_accepting=yes&q=Jordan",
    admin_url(models.Credential),
    admin_url(models.Credential) + "?verified_now=yes&expiry=current",
    admin_url(models.IPTTraining),
    admin_url(models.CulturalTraining),
    admin_url(models.Location),
    admin_url(models.SlidingScaleTier),
    admin_url(models.ProblemAreaExperience),
    admin_url(models.Organisation),
    admin_url(models.Report),
    admin_url(models.Report) + "?status__exact=open",
    admin_url(models.Therapist) + "?review=flagged&open_reports=yes&freshness=fresh",
    admin_url(models.StatusChange),
    admin_url(models.Submission),
]


def test_changelists_run_the_same_queries_for_5_or_205_listings(admin_client):
    def measure():
        counts, shown = {}, {}
        for url in CHANGELISTS:
            counts[url], response = count_queries(admin_client, url)
            shown[url] = len(response.context["cl"].result_list)
        return counts, shown

    make_listings(5)
    few, shown_few = measure()
    make_listings(200)
    many, shown_many = measure()

    assert many == few
    # The second count covers a full page, so an N+1 would have shown.
    assert all(shown_many[url] > shown_few[url] for url in CHANGELISTS)


def test_therapist_change_page_queries_do_not_grow_with_inline_rows(admin_client):
    therapist = factories.TherapistFactory(sliding_scale=True, sliding_scale_min_fee=10)

    def add_rows_of_each_kind(start, stop):
        for n in range(start, stop):
            curator = factories.UserFactory()
            factories.CredentialFactory(therapist=therapist, verified=True, verified_by=curator)
            factories.IPTTrainingFactory(therapist=therapist, verified=True, verified_by=curator)
            factories.CulturalTrainingFactory(therapist=therapist, verified_by=curator)
            factories.LocationFactory(therapist=therapist)
            factories.SlidingScaleTierFactory(
                therapist=therapist, income_min=n * 1000, income_max=(n + 1) * 1000, fee=10 + n
            )
            therapist.insurance_plans.add(factories.InsurancePlanFactory())
        therapist.languages.add(factories.LanguageFactory(code=f"x{start}", name=f"Lang {start}"))

    url = admin_url(models.Therapist, "change", therapist.pk)
    add_rows_of_each_kind(0, 1)
    count_queries(admin_client, url)  # fills Django's content type cache
    one, _ = count_queries(admin_client, url)
    add_rows_of_each_kind(1, 10)
    ten, response = count_queries(admin_client, url)

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 10
    assert ten == one


def test_insurance_plan_autocomplete_runs_the_same_queries_for_few_or_many(admin_client):
    url = reverse("admin:autocomplete") + (
        "?app_label=directory&model_name=therapist&field_name=insurance_plans&term=plan"
    )
    factories.InsurancePlanFactory.create_batch(2)
    few, _ = count_queries(admin_client, url)
    factories.InsurancePlanFactory.create_batch(30)
    many, response = count_queries(admin_client, url)
    assert len(response.json()["results"]) == 20
    assert many == few


def test_status_history_on_the_change_page_runs_the_same_queries_for_few_or_many(admin_client):
    therapist = factories.TherapistFactory()
    url = admin_url(models.Therapist, "change", therapist.pk)

    def add_changes(count):
        for _ in range(count):
            factories.StatusChangeFactory(therapist=therapist, changed_by=factories.UserFactory())

    add_changes(1)
    count_queries(admin_client, url)  # once to fill the per-process caches
    one, _ = count_queries(admin_client, url)
    add_changes(9)
    ten, response = count_queries(admin_client, url)
    assert response.text.count("Licence and IPT certificate checked.") == 10
    assert ten == one


def test_expiry_dashboard_runs_the_same_queries_for_few_or_many(admin_client):
    url = reverse("admin:directory_credential_expiries")

    def add(count):
        soon = timezone.localdate() + datetime.timedelta(days=10)
        for _ in range(count):
            expired = factories.CredentialFactory(
                verified=True, expires_on=timezone.localdate() - datetime.timedelta(days=1)
            )
            factories.CredentialFactory(therapist=expired.therapist, expires_on=soon)
            factories.IPTTrainingFactory(therapist=expired.therapist, expires_on=soon)
            factories.CulturalTrainingFactory(therapist=expired.therapist, expires_on=soon)

    add(2)
    few, _ = count_queries(admin_client, url)
    add(20)
    many, response = count_queries(admin_client, url)
    assert len(response.context["unlicensed"]) == 22
    assert many == few


def confirmation_queries(client, model, action, objects):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            admin_url(model), {"action": action, "_selected_action": [o.pk for o in objects]}
        )
    assert response.status_code == 200
    assert len(response.context["accepted"]) + len(response.context["refused"]) == len(objects)
    return len(queries)


@pytest.mark.parametrize(
    "model, action, make",
    [
        (models.Therapist, "publish", lambda: factories.TherapistFactory(status="pending")),
        (models.Therapist, "confirm_accepting", factories.TherapistFactory),
        (models.Credential, "verify_selected", factories.CredentialFactory),
        (models.IPTTraining, "reject_selected", factories.IPTTrainingFactory),
        (models.Report, "resolve_reports", ReportFactory),
        (models.Submission, "accept_submissions", factories.SubmissionFactory),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_action_confirmation_pages_run_the_same_queries_for_5_or_205(
    admin_client, model, action, make
):
    few = [make() for _ in range(5)]
    count_few = confirmation_queries(admin_client, model, action, few)
    many = few + [make() for _ in range(200)]
    assert confirmation_queries(admin_client, model, action, many) == count_few


def test_submission_change_page_queries_do_not_grow_with_proposed_rows(admin_client):
    issuer = factories.IssuingBodyFactory()

    def submission(rows):
        credentials = [
            {"kind": "licence", "title": "LCSW", "number": f"N-{n}", "issuer": str(issuer.pk)}
            for n in range(rows)
        ]
        trainings = [{"level": "institute_b"} for _ in range(rows)]
        return factories.SubmissionFactory(
            data={"listing": {"fee": "90"}, "credentials": credentials, "ipt_trainings": trainings}
        )

    first = admin_url(models.Submission, "change", submission(1).pk)
    count_queries(admin_client, first)  # once to fill the per-process caches
    one, _ = count_queries(admin_client, first)
    ten, response = count_queries(
        admin_client, admin_url(models.Submission, "change", submission(10).pk)
    )
    assert response.text.count("Number: N-") == 10
    assert ten == one
