from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Deferrable, F, Q
from django.urls import reverse

from ipt_finder.directory.choices import (
    LICENCES_BY_PROFESSION,
    Accepting,
    Consultation,
    Experience,
    Faith,
    Gender,
    LicenceType,
    MaintenanceFrequency,
    Medication,
    ProblemArea,
    Profession,
    Status,
)
from ipt_finder.directory.interop.npi import validate_npi

from .base import LimitedTextField, TimeStamped
from .constraints import PostgresExclusionConstraint
from .querysets import TherapistQuerySet, is_fresh
from .summary import ListingSummary

MAX_FEE = 2000

# Search filters on these columns (flags: when true); each has an index.
INDEXED_COLUMNS = [
    "consultation",
    "gender",
    "faith",
    "medication",
    "ipt_rung",
    "licence_verified_until",
    "verified_introductory_until",
    "verified_certified_until",
    "verified_supervisor_until",
    "verified_trainer_until",
]
INDEXED_FLAGS = [
    "sliding_scale",
    "offers_group",
    "offers_couples",
    "offers_maintenance",
    "evening_hours",
    "weekend_hours",
    "transgender",
    "lgbtq",
    "wheelchair_access",
    "free_or_low_cost",
]


class Therapist(ListingSummary, TimeStamped):
    # Who
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    pronouns = models.CharField(max_length=40, blank=True)
    profession = models.CharField(max_length=20, choices=Profession, db_index=True)
    licence_type = models.CharField(max_length=20, choices=LicenceType)
    years_in_practice = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(70)]
    )
    photo = models.ImageField(upload_to="therapists/", blank=True)
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text="National Provider Identifier: 10 digits, optional.",
    )

    # Approach and track record
    bio = LimitedTextField(blank=True, max_length=5000)
    approach = LimitedTextField(
        blank=True, max_length=3000, help_text="What working together looks like."
    )
    first_session = LimitedTextField(
        blank=True, max_length=3000, help_text="What happens in a first session."
    )
    ipt_years = models.PositiveSmallIntegerField(
        "years practising IPT", default=0, validators=[MaxValueValidator(70)]
    )
    ipt_courses_completed = models.PositiveSmallIntegerField(
        "IPT courses completed",
        default=0,
        validators=[MaxValueValidator(5000)],
        help_text="Full courses of IPT delivered to clients.",
    )
    measures_outcomes = models.BooleanField(
        default=False, help_text="Tracks outcomes with PHQ-9 or GAD-7 during the course."
    )

    # Contact
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    booking_url = models.URLField("booking link", blank=True)

    # Clinical fit
    conditions = models.ManyToManyField("directory.Condition", blank=True, related_name="+")
    age_groups = models.ManyToManyField("directory.AgeGroup", blank=True, related_name="+")
    adaptations = models.ManyToManyField(
        "directory.Adaptation", blank=True, related_name="+", verbose_name="IPT adaptations"
    )
    offers_individual = models.BooleanField(default=True)
    offers_group = models.BooleanField(default=False)
    offers_couples = models.BooleanField("offers couples/conjoint", default=False)
    course_sessions_min = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    course_sessions_max = models.PositiveSmallIntegerField(
        default=16, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    session_minutes = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )
    offers_maintenance = models.BooleanField(
        default=False, help_text="Maintenance sessions (IPT-M) after the acute course."
    )
    maintenance_frequency = models.CharField(
        max_length=12, choices=MaintenanceFrequency, blank=True
    )
    medication = models.CharField(
        max_length=12,
        choices=Medication,
        default=Medication.REFERS,
        help_text="How the therapist works with medication.",
    )

    # Compatibility
    traits = models.ManyToManyField(
        "directory.Trait",
        blank=True,
        related_name="+",
        help_text="Communication style, personality and values.",
    )

    # Culture and identity (all optional and self-described)
    languages = models.ManyToManyField("directory.Language", blank=True, related_name="+")
    communities = models.ManyToManyField(
        "directory.Community", blank=True, related_name="+", verbose_name="communities served"
    )
    gender = models.CharField(max_length=20, choices=Gender, blank=True)
    gender_description = models.CharField(
        max_length=80, blank=True, help_text="In the therapist's own words, if they wish."
    )
    transgender = models.BooleanField(null=True, blank=True, help_text="Blank if not shared.")
    lgbtq = models.BooleanField("LGBTQ+", null=True, blank=True, help_text="Blank if not shared.")
    ethnicities = models.ManyToManyField(
        "directory.Ethnicity", blank=True, related_name="+", verbose_name="race and ethnicity"
    )
    ethnicity_description = models.CharField(max_length=120, blank=True)
    faith = models.CharField(max_length=12, choices=Faith, blank=True)

    # Where and when
    telehealth_video = models.BooleanField(default=False)
    telehealth_phone = models.BooleanField(default=False)
    telehealth_states = models.ManyToManyField(
        "directory.State",
        blank=True,
        related_name="+",
        help_text="States the therapist may serve remotely.",
    )
    accepting = models.CharField(
        "accepting new clients", max_length=10, choices=Accepting, default=Accepting.YES
    )
    accepting_confirmed_on = models.DateField(
        null=True, blank=True, help_text="When accepting status was last confirmed."
    )
    evening_hours = models.BooleanField(default=False)
    weekend_hours = models.BooleanField(default=False)
    organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="therapists"
    )

    # Fees, in whole US dollars
    fee = models.PositiveIntegerField(
        "fee per session",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="The full self-pay fee; blank if not published.",
    )
    consultation = models.CharField(
        "initial consultation", max_length=4, choices=Consultation, default=Consultation.FREE
    )
    consultation_fee = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_FEE)]
    )
    consultation_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    sliding_scale = models.BooleanField(default=False)
    sliding_scale_min_fee = models.PositiveIntegerField(
        "lowest sliding-scale fee", null=True, blank=True, validators=[MaxValueValidator(MAX_FEE)]
    )
    insurance_plans = models.ManyToManyField(
        "directory.InsurancePlan",
        blank=True,
        related_name="+",
        verbose_name="in-network insurance plans",
    )
    superbills = models.BooleanField(
        "provides superbills", default=False, help_text="For out-of-network reimbursement."
    )
    payment_methods = models.ManyToManyField(
        "directory.PaymentMethod", blank=True, related_name="+"
    )
    cancellation_policy = LimitedTextField(blank=True, max_length=2000)

    # Curation
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    confirmed_on = models.DateField("last confirmed by the therapist", null=True, blank=True)
    reviewed_on = models.DateField("last reviewed by a curator", null=True, blank=True)
    curator_notes = LimitedTextField(
        blank=True, max_length=5000, help_text="Private: never shown to the public."
    )
    needs_review = models.BooleanField(
        default=False, help_text="Flagged by the daily expiry check, or by a curator."
    )
    review_reason = models.CharField(max_length=300, blank=True)
    flagged_on = models.DateField(null=True, blank=True)

    objects = TherapistQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "name"]),
            # The home page's recently reviewed listings.
            models.Index(
                fields=["status", "-reviewed_on", "name"], name="th_recently_reviewed_idx"
            ),
            models.Index(fields=["status", "accepting", "accepting_confirmed_on"]),
            models.Index(fields=["status", "fee"]),
            models.Index(fields=["status", "sliding_scale_min_fee"]),
            *[models.Index(fields=["status", name]) for name in INDEXED_COLUMNS],
            # Flags that few listings have: a partial index finds them.
            *[
                models.Index(fields=["status"], condition=Q((flag, True)), name=f"th_{flag}_idx")
                for flag in INDEXED_FLAGS
            ],
        ]
        permissions = [("publish_therapist", "Can submit, publish, suspend or withdraw a listing")]
        constraints = [
            models.UniqueConstraint(
                fields=["npi"],
                condition=~Q(npi=""),
                name="unique_therapist_npi",
                violation_error_message="Another listing already has this NPI.",
            ),
            models.CheckConstraint(
                condition=Q(fee__isnull=True) | Q(fee__lte=MAX_FEE),
                name="therapist_fee_range",
                violation_error_message=f"The fee must be at most ${MAX_FEE}.",
            ),
            models.CheckConstraint(
                condition=Q(sliding_scale=False) | Q(sliding_scale_min_fee__isnull=False),
                name="therapist_sliding_scale_has_minimum",
                violation_error_message="Give the lowest fee on the sliding scale.",
            ),
            models.CheckConstraint(
                condition=Q(sliding_scale_min_fee__isnull=True)
                | Q(fee__isnull=True)
                | Q(sliding_scale_min_fee__lte=F("fee")),
                name="therapist_sliding_scale_min_below_fee",
                violation_error_message="The lowest sliding-scale fee can't be above the full fee.",
            ),
            models.CheckConstraint(
                # isnull=False: a NULL fee would make the check unknown, which passes.
                condition=Q(
                    consultation=Consultation.PAID,
                    consultation_fee__isnull=False,
                    consultation_fee__gt=0,
                )
                | (~Q(consultation=Consultation.PAID) & Q(consultation_fee__isnull=True)),
                name="therapist_consultation_fee_matches",
                violation_error_message="A paid consultation needs a fee; others have none.",
            ),
            models.CheckConstraint(
                condition=Q(course_sessions_min__gte=1)
                & Q(course_sessions_min__lte=F("course_sessions_max"))
                & Q(course_sessions_max__lte=52),
                name="therapist_course_length_range",
                violation_error_message="Give a course length from 1 to 52 sessions, shortest first.",
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15, session_minutes__lte=180),
                name="therapist_session_minutes_range",
                violation_error_message="Sessions last between 15 and 180 minutes.",
            ),
            models.CheckConstraint(
                condition=Q(ipt_years__lte=F("years_in_practice")),
                name="therapist_ipt_years_within_practice",
                violation_error_message="Years practising IPT can't exceed years in practice.",
            ),
            models.CheckConstraint(
                condition=Q(offers_maintenance=True) | Q(maintenance_frequency=""),
                name="therapist_maintenance_frequency_needs_maintenance",
                violation_error_message="Only give a maintenance frequency if it is offered.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:therapist-detail", kwargs={"slug": self.slug})

    @property
    def initials(self):
        words = [w for w in self.name.replace("Dr.", "").split() if w[:1].isalpha()]
        return "".join(w[0] for w in words[:1] + words[-1:][: len(words) > 1]).upper()

    @property
    def offers_telehealth(self):
        return self.telehealth_video or self.telehealth_phone

    def accepting_is_fresh(self, on=None):
        return is_fresh(self.accepting_confirmed_on, on)

    def clean(self):
        super().clean()
        errors = {}
        allowed = LICENCES_BY_PROFESSION.get(self.profession)
        # Unknown or blank choices are left to clean_fields().
        if allowed and self.licence_type in LicenceType.values and self.licence_type not in allowed:
            errors["licence_type"] = (
                f"{LicenceType(self.licence_type).label} is not a licence for a "
                f"{Profession(self.profession).label.lower()}."
            )
        if self.consultation != Consultation.PAID and self.consultation_fee is not None:
            errors["consultation_fee"] = "Only a paid consultation has a fee."
        if self.consultation == Consultation.PAID and not self.consultation_fee:
            errors["consultation_fee"] = "Give the consultation fee."
        if self.sliding_scale and self.sliding_scale_min_fee is None:
            errors["sliding_scale_min_fee"] = "Give the lowest fee on the sliding scale."
        if self.offers_maintenance is False and self.maintenance_frequency:
            errors["maintenance_frequency"] = "Only give a frequency if maintenance is offered."
        if errors:
            raise ValidationError(errors)


class ProblemAreaExperience(models.Model):
    """How much experience a therapist has with one of IPT's four problem areas."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="problem_areas")
    area = models.CharField(max_length=20, choices=ProblemArea)
    experience = models.PositiveSmallIntegerField(choices=Experience, default=Experience.SOME)

    class Meta:
        ordering = ["area"]
        indexes = [models.Index(fields=["area", "experience"])]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "area"],
                name="unique_problem_area_per_therapist",
                violation_error_message="This problem area is already listed.",
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.get_experience_display()}"


class SlidingScaleTier(models.Model):
    """A reduced fee for households within an income band and size range.

    Income bands are half-open: from income_min up to, not including,
    income_max. Blank upper bounds mean "and above".
    """

    therapist = models.ForeignKey(
        Therapist, on_delete=models.CASCADE, related_name="sliding_scale_tiers"
    )
    income_min = models.PositiveIntegerField(
        "household income from", default=0, help_text="Yearly, in US dollars."
    )
    income_max = models.PositiveIntegerField(
        "household income up to",
        null=True,
        blank=True,
        help_text="Not included; blank for no limit.",
    )
    household_min = models.PositiveSmallIntegerField(
        "household size from", default=1, validators=[MinValueValidator(1)]
    )
    household_max = models.PositiveSmallIntegerField(
        "household size to", null=True, blank=True, help_text="Included; blank for no limit."
    )
    fee = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_FEE)])

    class Meta:
        ordering = ["household_min", "income_min"]
        constraints = [
            models.CheckConstraint(
                condition=Q(income_max__isnull=True) | Q(income_max__gt=F("income_min")),
                name="tier_income_band_in_order",
                violation_error_message="The income band's upper bound must be above its lower.",
            ),
            models.CheckConstraint(
                condition=Q(household_min__gte=1)
                & (Q(household_max__isnull=True) | Q(household_max__gte=F("household_min"))),
                name="tier_household_range_in_order",
                violation_error_message="The household sizes must run from smaller to larger.",
            ),
            models.CheckConstraint(
                condition=Q(fee__lte=MAX_FEE),
                name="tier_fee_range",
                violation_error_message=f"The fee must be at most ${MAX_FEE}.",
            ),
            PostgresExclusionConstraint(
                name="tier_no_overlap",
                expressions=[
                    ("therapist", "="),
                    (PostgresExclusionConstraint.range("income_min", "income_max", "[)"), "&&"),
                    (
                        PostgresExclusionConstraint.range("household_min", "household_max", "[]"),
                        "&&",
                    ),
                ],
                violation_error_message="This tier overlaps another tier for the same household.",
                # Checked at commit, so one save can move a boundary between two tiers.
                deferrable=Deferrable.DEFERRED,
            ),
        ]

    # Set by SlidingScaleTierFormSet, which checks the tiers as they will be saved.
    checked_with_siblings = False

    def __str__(self):
        return f"{self.income_band} · {self.household_band}: ${self.fee}"

    @property
    def income_band(self):
        if self.income_max is None:
            return f"${self.income_min:,} and above"
        return f"${self.income_min:,} to ${self.income_max - 1:,}"

    @property
    def household_band(self):
        if self.household_max is None:
            return f"{self.household_min}+ people"
        if self.household_max == self.household_min:
            return f"{self.household_min} {'person' if self.household_min == 1 else 'people'}"
        return f"{self.household_min}-{self.household_max} people"

    def applies_to(self, income, household):
        return (
            self.income_min <= income
            and (self.income_max is None or income < self.income_max)
            and self.household_min <= household
            and (self.household_max is None or household <= self.household_max)
        )

    def overlaps(self, other):
        inf = float("inf")
        return (
            self.income_min < (other.income_max or inf)
            and other.income_min < (self.income_max or inf)
            and self.household_min <= (other.household_max or inf)
            and other.household_min <= (self.household_max or inf)
        )

    def conflict_with(self, other):
        """Why this tier and `other` can't both stand, or None."""
        if self.overlaps(other):
            return f"“{self}” overlaps “{other}”."
        if (self.household_min, self.household_max) == (other.household_min, other.household_max):
            lower, higher = sorted([self, other], key=lambda t: t.income_min)
            if higher.fee < lower.fee:
                return f"“{higher}” charges less than the lower income band “{lower}”."
        return None

    @staticmethod
    def check_tiers(tiers):
        tiers = list(tiers)
        return [
            message
            for i, tier in enumerate(tiers)
            for other in tiers[i + 1 :]
            if (message := tier.conflict_with(other))
        ]

    def clean(self):
        super().clean()
        # As field errors these also keep an inverted band out of the PostgreSQL
        # overlap check, where int4range() would raise instead of validating.
        errors = {}
        if self.income_max is not None and self.income_max <= self.income_min:
            errors["income_max"] = "The income band's upper bound must be above its lower."
        if self.household_max is not None and self.household_max < self.household_min:
            errors["household_max"] = "The household sizes must run from smaller to larger."
        if errors:
            raise ValidationError(errors)
        if self.therapist_id is None or self.checked_with_siblings:
            return
        siblings = SlidingScaleTier.objects.filter(therapist_id=self.therapist_id).exclude(
            pk=self.pk
        )
        errors = [message for other in siblings if (message := self.conflict_with(other))]
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        if self.checked_with_siblings:
            # The overlap constraint would compare with the saved tiers, not the new ones.
            exclude = {*(exclude or ()), "therapist"}
        super().validate_constraints(exclude=exclude)
