"""A full published listing for the interoperability tests, with identity fields set."""

import datetime

from django.utils import timezone

from ipt_finder.directory.choices import Accepting, CredentialKind, Status
from tests import factories

VALID_NPI = "1234567893"
IDENTITY = {
    "gender": "self_described",
    "gender_description": "Zyxwoman",
    "transgender": True,
    "lgbtq": True,
    "ethnicity_description": "Qwertian heritage",
    "faith": "sikh",
}
# Strings that must never appear in an export.
IDENTITY_STRINGS = ["Zyxwoman", "Qwertian", "Sikh", "sikh", "self_described", "Vwxethnic",
                    "lgbtq", "transgender"]  # fmt: skip


def full_listing(**overrides):
    today = timezone.localdate()
    fields = {
        "name": "Dr. Ruth A. Schwartz",
        "npi": VALID_NPI,
        "phone": "518-555-0100",
        "email": "ruth@example.org",
        "website": "https://example.org/ruth",
        "booking_url": "https://example.org/ruth/book",
        "telehealth_video": True,
        "sliding_scale": True,
        "sliding_scale_min_fee": 40,
        "reviewed_on": today,
        "accepting": Accepting.WAITLIST,
        **IDENTITY,
    }
    therapist = factories.TherapistFactory(**(fields | overrides))
    therapist.ethnicities.set([factories.EthnicityFactory(slug="vwx", name="Vwxethnic")])
    therapist.languages.set([factories.LanguageFactory(), factories.LanguageFactory(code="es",
                                                                                    name="Spanish")])  # fmt: skip
    therapist.conditions.set([factories.ConditionFactory(slug="depression", name="Depression")])
    therapist.age_groups.set([factories.AgeGroupFactory(slug="adults", name="Adults", min_age=18)])
    therapist.telehealth_states.set([factories.StateFactory()])
    therapist.organisations.set(
        [factories.OrganisationFactory(street="1 Main St", phone="518-555-0199")]
    )
    therapist.insurance_plans.set([factories.InsurancePlanFactory()])
    factories.LocationFactory(therapist=therapist, label="Downtown", wheelchair="yes",
                              wheelchair_confirmed_by="curator", wheelchair_confirmed_on=today)  # fmt: skip
    factories.LocationFactory(therapist=therapist, street="", postal_code="", city="Troy",
                              latitude=None, longitude=None)  # fmt: skip
    factories.SlidingScaleTierFactory(therapist=therapist)
    factories.CredentialFactory(therapist=therapist, verified=True)
    factories.CredentialFactory(therapist=therapist, kind=CredentialKind.DEGREE, title="PhD, Psychology",
                                number="", verified=True)  # fmt: skip
    factories.CredentialFactory(therapist=therapist, title="Unverified licence", number="U-1")
    factories.CredentialFactory(therapist=therapist, title="Expired licence", number="E-1",
                                verified=True, issued_on=datetime.date(2010, 1, 1),
                                expires_on=today - datetime.timedelta(days=1))  # fmt: skip
    factories.IPTTrainingFactory(therapist=therapist, verified=True)
    factories.CulturalTrainingFactory(therapist=therapist, verification="verified",
                                      verified_at=timezone.now())  # fmt: skip
    return therapist


def unpublished_listings():
    return [
        factories.TherapistFactory(name=f"Hidden {status}", status=status)
        for status in (Status.DRAFT, Status.PENDING, Status.SUSPENDED)
    ]
