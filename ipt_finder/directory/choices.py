"""Fixed vocabularies. Lists that curators extend live in tables instead."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    SUSPENDED = "suspended", "Suspended"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class Profession(models.TextChoices):
    PSYCHOLOGIST = "psychologist", "Psychologist"
    SOCIAL_WORKER = "social_worker", "Clinical social worker"
    COUNSELOR = "counselor", "Professional counselor"
    MARRIAGE_FAMILY = "mft", "Marriage and family therapist"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    NURSE_PRACTITIONER = "pmhnp", "Psychiatric-mental health nurse practitioner"


class LicenceType(models.TextChoices):
    PSYCHOLOGIST = "psychologist", "Licensed Psychologist (PhD/PsyD)"
    LCSW = "lcsw", "LCSW"
    LICSW = "licsw", "LICSW"
    LPC = "lpc", "LPC"
    LPCC = "lpcc", "LPCC"
    LMHC = "lmhc", "LMHC"
    LMFT = "lmft", "LMFT"
    MD = "md", "Physician (MD)"
    DO = "do", "Physician (DO)"
    PMHNP = "pmhnp", "PMHNP (APRN)"


# Which licence types each profession may hold.
LICENCES_BY_PROFESSION = {
    Profession.PSYCHOLOGIST: {LicenceType.PSYCHOLOGIST},
    Profession.SOCIAL_WORKER: {LicenceType.LCSW, LicenceType.LICSW},
    Profession.COUNSELOR: {LicenceType.LPC, LicenceType.LPCC, LicenceType.LMHC},
    Profession.MARRIAGE_FAMILY: {LicenceType.LMFT},
    Profession.PSYCHIATRIST: {LicenceType.MD, LicenceType.DO},
    Profession.NURSE_PRACTITIONER: {LicenceType.PMHNP},
}

PRESCRIBING_PROFESSIONS = {Profession.PSYCHIATRIST, Profession.NURSE_PRACTITIONER}


class CredentialKind(models.TextChoices):
    LICENCE = "licence", "Licence"
    CERTIFICATION = "certification", "Certification"
    DEGREE = "degree", "Degree"


class IPTBody(models.TextChoices):
    ISIPT = "isipt", "International Society of Interpersonal Psychotherapy (ISIPT)"
    INSTITUTE = "institute", "IPT Institute"
    UK = "ipt_uk", "IPT UK"
    UNIVERSITY = "university", "University programme"
    OTHER = "other", "Other workshop"


class Rung(models.IntegerChoices):
    """The cross-body ladder used for search."""

    INTRODUCTORY = 1, "Introductory training"
    CERTIFIED = 2, "Certified IPT therapist"
    SUPERVISOR = 3, "IPT supervisor"
    TRAINER = 4, "IPT trainer"


class IPTLevel(models.TextChoices):
    """Each body's own level names."""

    ISIPT_CERTIFIED = "isipt_certified", "ISIPT Certified IPT Therapist"
    ISIPT_SUPERVISOR = "isipt_supervisor", "ISIPT Supervisor"
    ISIPT_TRAINER = "isipt_trainer", "ISIPT Trainer"
    INSTITUTE_A = "institute_a", "IPT Institute Level A (introductory course)"
    INSTITUTE_B = "institute_b", "IPT Institute Level B (Certified IPT Therapist)"
    INSTITUTE_C = "institute_c", "IPT Institute Level C (Certified Research Therapist)"
    INSTITUTE_D = "institute_d", "IPT Institute Level D (Supervisor)"
    INSTITUTE_E = "institute_e", "IPT Institute Level E (Trainer)"
    UK_A = "uk_a", "IPT UK Level A (practitioner)"
    UK_B = "uk_b", "IPT UK Level B (newly qualified)"
    UK_C = "uk_c", "IPT UK Level C (continuing professional development)"
    UK_D = "uk_d", "IPT UK Level D (eligible to become a supervisor or trainer)"
    UNIVERSITY_PROGRAMME = "university_programme", "University IPT programme"
    WORKSHOP = "workshop", "Introductory IPT workshop"


# (body, rung) for every level. IPT UK's levels are all practitioner
# accreditations: level D is eligibility to train as a supervisor, not the
# role itself, so it maps to "certified" rather than over-claiming.
LEVELS = {
    IPTLevel.ISIPT_CERTIFIED: (IPTBody.ISIPT, Rung.CERTIFIED),
    IPTLevel.ISIPT_SUPERVISOR: (IPTBody.ISIPT, Rung.SUPERVISOR),
    IPTLevel.ISIPT_TRAINER: (IPTBody.ISIPT, Rung.TRAINER),
    IPTLevel.INSTITUTE_A: (IPTBody.INSTITUTE, Rung.INTRODUCTORY),
    IPTLevel.INSTITUTE_B: (IPTBody.INSTITUTE, Rung.CERTIFIED),
    IPTLevel.INSTITUTE_C: (IPTBody.INSTITUTE, Rung.CERTIFIED),
    IPTLevel.INSTITUTE_D: (IPTBody.INSTITUTE, Rung.SUPERVISOR),
    IPTLevel.INSTITUTE_E: (IPTBody.INSTITUTE, Rung.TRAINER),
    IPTLevel.UK_A: (IPTBody.UK, Rung.CERTIFIED),
    IPTLevel.UK_B: (IPTBody.UK, Rung.CERTIFIED),
    IPTLevel.UK_C: (IPTBody.UK, Rung.CERTIFIED),
    IPTLevel.UK_D: (IPTBody.UK, Rung.CERTIFIED),
    IPTLevel.UNIVERSITY_PROGRAMME: (IPTBody.UNIVERSITY, Rung.INTRODUCTORY),
    IPTLevel.WORKSHOP: (IPTBody.OTHER, Rung.INTRODUCTORY),
}


class ProblemArea(models.TextChoices):
    GRIEF = "grief", "Grief"
    ROLE_DISPUTES = "role_disputes", "Role disputes"
    ROLE_TRANSITIONS = "role_transitions", "Role transitions"
    INTERPERSONAL_DEFICITS = "deficits", "Interpersonal deficits (sensitivity)"


class Experience(models.IntegerChoices):
    SOME = 1, "Some experience"
    REGULAR = 2, "Works with this regularly"
    EXTENSIVE = 3, "Extensive experience"


class Medication(models.TextChoices):
    PRESCRIBES = "prescribes", "Prescribes medication"
    COORDINATES = "coordinates", "Coordinates with a prescriber"
    REFERS = "refers", "Refers to a prescriber"


class MaintenanceFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    AS_NEEDED = "as_needed", "As needed"


class Accepting(models.TextChoices):
    YES = "yes", "Accepting new clients"
    WAITLIST = "waitlist", "Waitlist"
    NO = "no", "Not accepting new clients"


class Consultation(models.TextChoices):
    NONE = "none", "No initial consultation"
    FREE = "free", "Free consultation"
    PAID = "paid", "Paid consultation"


class TraitKind(models.TextChoices):
    COMMUNICATION = "communication", "Communication style"
    PERSONALITY = "personality", "Personality"
    VALUES = "values", "Values"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    GENDERQUEER = "genderqueer", "Genderqueer"
    AGENDER = "agender", "Agender"
    TWO_SPIRIT = "two_spirit", "Two-Spirit"
    SELF_DESCRIBED = "self_described", "Self-described"


class Faith(models.TextChoices):
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    SPIRITUAL = "spiritual", "Spiritual"
    NONE = "none", "No religious faith"
    OTHER = "other", "Another faith"


class AccessConfirmedBy(models.TextChoices):
    SELF_REPORTED = "therapist", "Reported by the therapist"
    CURATOR = "curator", "Confirmed by a curator"
    VISITOR = "visitor", "Confirmed by a visitor report"


class Wheelchair(models.TextChoices):
    UNKNOWN = "unknown", "Not known"
    YES = "yes", "Wheelchair accessible"
    NO = "no", "Not wheelchair accessible"


class OrganisationKind(models.TextChoices):
    GROUP_PRACTICE = "group_practice", "Group practice"
    COMMUNITY_CENTRE = "cmhc", "Community mental-health centre"
    TRAINING_CLINIC = "training_clinic", "Training clinic"


class CostPolicy(models.TextChoices):
    STANDARD = "standard", "Standard fees"
    LOW_COST = "low_cost", "Low-cost care"
    FREE = "free", "Free care"


class USState(models.TextChoices):
    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"
    PR = "PR", "Puerto Rico"
