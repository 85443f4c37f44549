import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from ipt_finder.directory import models
from ipt_finder.directory.choices import (
    Accepting,
    CredentialKind,
    IPTLevel,
    LicenceType,
    Profession,
    Status,
    USState,
    Verification,
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"curator{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()


class VocabularyFactory(factory.django.DjangoModelFactory):
    """Vocabulary rows are seeded by a migration; get_or_create keeps factories idempotent."""

    slug = factory.Sequence(lambda n: f"term-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


class ConditionFactory(VocabularyFactory):
    class Meta:
        model = models.Condition


class AgeGroupFactory(VocabularyFactory):
    class Meta:
        model = models.AgeGroup


class AdaptationFactory(VocabularyFactory):
    class Meta:
        model = models.Adaptation


class CommunityFactory(VocabularyFactory):
    class Meta:
        model = models.Community


class EthnicityFactory(VocabularyFactory):
    class Meta:
        model = models.Ethnicity


class PaymentMethodFactory(VocabularyFactory):
    class Meta:
        model = models.PaymentMethod


class TraitFactory(VocabularyFactory):
    kind = "communication"

    class Meta:
        model = models.Trait


class InsurerFactory(VocabularyFactory):
    class Meta:
        model = models.Insurer


class InsurancePlanFactory(factory.django.DjangoModelFactory):
    insurer = factory.SubFactory(InsurerFactory)
    slug = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.upper())

    class Meta:
        model = models.InsurancePlan
        django_get_or_create = ("insurer", "slug")


class LanguageFactory(factory.django.DjangoModelFactory):
    code = "en"
    name = "English"

    class Meta:
        model = models.Language
        django_get_or_create = ("code",)


class StateFactory(factory.django.DjangoModelFactory):
    code = "NY"
    name = factory.LazyAttribute(lambda o: USState(o.code).label)

    class Meta:
        model = models.State
        django_get_or_create = ("code",)


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"board-{n}")
    name = factory.Sequence(lambda n: f"State Board of Behavioral Health {n}")
    kind = models.IssuingBody.Kind.STATE_BOARD
    jurisdiction = "NY"
    lookup_url = "https://example.org/license-lookup"

    class Meta:
        model = models.IssuingBody
        django_get_or_create = ("slug",)


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Community Counseling Center {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = "cmhc"
    cost_policy = "free"
    city = "Albany"
    state = "NY"
    postal_code = "12207"

    class Meta:
        model = models.Organisation


class TherapistFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Jordan Avery {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    profession = Profession.SOCIAL_WORKER
    licence_type = LicenceType.LCSW
    years_in_practice = 10
    ipt_years = 5
    bio = "I help adults with depression and relationship changes."
    approach = "We agree a focus in the first three sessions and review progress together."
    fee = 150
    status = Status.PUBLISHED
    accepting = Accepting.YES
    accepting_confirmed_on = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = models.Therapist
        skip_postgeneration_save = True

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(extracted)


class CredentialFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    kind = CredentialKind.LICENCE
    title = "Licensed Clinical Social Worker"
    number = factory.Sequence(lambda n: f"LCSW-{n:06d}")
    issuer = factory.SubFactory(IssuingBodyFactory)
    jurisdiction = "NY"
    issued_on = datetime.date(2015, 6, 1)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    class Meta:
        model = models.Credential

    class Params:
        verified = factory.Trait(
            verification=Verification.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            verification_source="https://example.org/license-lookup",
        )


class IPTTrainingFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    level = IPTLevel.ISIPT_CERTIFIED
    completed_on = datetime.date(2020, 3, 1)
    hours = 16
    supervised_cases = 3

    class Meta:
        model = models.IPTTraining

    class Params:
        verified = factory.Trait(
            verification=Verification.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            verification_source="https://example.org/registry",
        )


class CulturalTrainingFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    course = "Culturally responsive care"
    provider = "Regional Health Education Center"
    hours = 12
    completed_on = datetime.date(2022, 9, 1)

    class Meta:
        model = models.CulturalTraining


class LocationFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    street = "100 State Street"
    city = "Albany"
    state = "NY"
    postal_code = "12207"
    latitude = "42.650000"
    longitude = "-73.750000"

    class Meta:
        model = models.Location


class SlidingScaleTierFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory, sliding_scale=True, sliding_scale_min_fee=40)
    income_min = 0
    income_max = 30000
    fee = 40

    class Meta:
        model = models.SlidingScaleTier


class ProblemAreaExperienceFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    area = "grief"
    experience = 2

    class Meta:
        model = models.ProblemAreaExperience


class ReportFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    topic = models.Report.Topic.ACCEPTING
    message = "They told me they are not taking new clients."

    class Meta:
        model = models.Report


class StatusChangeFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    from_status = Status.PENDING
    to_status = Status.PUBLISHED
    reason = "Licence and IPT certificate checked."

    class Meta:
        model = models.StatusChange


class SubmissionFactory(factory.django.DjangoModelFactory):
    therapist = factory.SubFactory(TherapistFactory)
    kind = models.Submission.Kind.CORRECTION
    data = factory.LazyFunction(
        lambda: {"listing": {"name": "Jordan Avery"}, "credentials": [], "ipt_trainings": []}
    )
    submitter_name = "Jordan Avery"
    submitter_email = "jordan@example.org"

    class Meta:
        model = models.Submission
