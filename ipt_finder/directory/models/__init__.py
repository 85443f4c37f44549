from .base import TimeStamped, Verifiable
from .credentials import Credential, CulturalTraining, IPTTraining
from .curation import StatusChange, Submission
from .places import Location, Organisation
from .querysets import FRESHNESS_DAYS
from .reports import Report
from .stamp import DataStamp
from .therapists import ProblemAreaExperience, SlidingScaleTier, Therapist
from .vocabularies import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Insurer,
    IssuingBody,
    Language,
    PaymentMethod,
    State,
    Trait,
)

__all__ = [
    "FRESHNESS_DAYS",
    "Adaptation",
    "AgeGroup",
    "Community",
    "Condition",
    "Credential",
    "CulturalTraining",
    "DataStamp",
    "Ethnicity",
    "IPTTraining",
    "InsurancePlan",
    "Insurer",
    "IssuingBody",
    "Language",
    "Location",
    "Organisation",
    "PaymentMethod",
    "ProblemAreaExperience",
    "Report",
    "SlidingScaleTier",
    "State",
    "StatusChange",
    "Submission",
    "Therapist",
    "TimeStamped",
    "Trait",
    "Verifiable",
]
