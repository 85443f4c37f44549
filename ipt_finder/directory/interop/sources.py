"""What the exports read: published listings with their rows, and the public vocabularies.

Identity fields (gender, ethnicity, faith, LGBTQ+, transgender) are never
loaded here, so no export can show them.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from ipt_finder.directory.choices import Profession
from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Credential,
    InsurancePlan,
    IPTTraining,
    Organisation,
    Therapist,
)

from . import ids

# NUCC Health Care Provider Taxonomy codes for the professions (INTEROP.md §7).
NUCC_SYSTEM = "http://nucc.org/provider-taxonomy"
NUCC = {
    Profession.PSYCHOLOGIST: ("103T00000X", "Psychologist"),
    Profession.SOCIAL_WORKER: ("1041C0700X", "Clinical Social Worker"),
    Profession.COUNSELOR: ("101YP2500X", "Professional Counselor"),
    Profession.MARRIAGE_FAMILY: ("106H00000X", "Marriage & Family Therapist"),
    Profession.PSYCHIATRIST: ("2084P0800X", "Psychiatry Physician"),
    Profession.NURSE_PRACTITIONER: ("363LP0808X", "Psychiatric/Mental Health Nurse Practitioner"),
}

# Columns the exports never read.
PRIVATE_FIELDS = [
    "gender",
    "gender_description",
    "transgender",
    "lgbtq",
    "ethnicity_description",
    "faith",
    "curator_notes",
    "review_reason",
]


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    relation: str = ""
    model: type | None = None


TAXONOMIES = [
    Taxonomy("profession", "NUCC Health Care Provider Taxonomy", "Licensed professions."),
    Taxonomy("conditions", "Conditions", "Conditions the therapist works with.", "conditions",
             Condition),
    Taxonomy("age_groups", "Age groups", "Ages the therapist sees.", "age_groups", AgeGroup),
    Taxonomy("adaptations", "IPT adaptations", "Adapted forms of IPT offered.", "adaptations",
             Adaptation),
    Taxonomy("communities", "Communities served", "Communities the therapist serves and affirms.",
             "communities", Community),
    Taxonomy("insurance", "In-network insurance plans", "Plans the therapist is in network with.",
             "insurance_plans", InsurancePlan),
]  # fmt: skip
TAXONOMY = {taxonomy.key: taxonomy for taxonomy in TAXONOMIES}


def taxonomy_id(key):
    return ids.make_id("taxonomy", key)


def term_key(term):
    """A vocabulary row's natural key: its slug, or insurer/plan for a plan."""
    if isinstance(term, InsurancePlan):
        return f"{term.insurer.slug}/{term.slug}"
    return term.slug


def term_id(key, slug):
    return ids.make_id("term", key, slug)


def term_index():
    """Every taxonomy term's id, mapped to (taxonomy key, natural key): one query a vocabulary."""
    index = {term_id("profession", value): ("profession", value) for value in Profession.values}
    for taxonomy in TAXONOMIES[1:]:
        rows = taxonomy.model.objects.all()
        if taxonomy.model is InsurancePlan:
            rows = rows.select_related("insurer")
        for row in rows:
            index[term_id(taxonomy.key, term_key(row))] = (taxonomy.key, row)
    return index


def organisations_in_order():
    return Prefetch("organisations", Organisation.objects.order_by("name", "id"))


def plans_with_insurer():
    return Prefetch("insurance_plans", InsurancePlan.objects.select_related("insurer"))


def exportable():
    return Therapist.objects.published().defer(*PRIVATE_FIELDS, "photo")


def summaries():
    """Published listings with what a list item shows; four queries whatever the page size."""
    return (
        exportable()
        .prefetch_related("age_groups", plans_with_insurer(), organisations_in_order())
        .order_by("name", "id")
    )


def listings():
    """Published listings with every row an export shows; a fixed number of queries."""
    return (
        exportable()
        .prefetch_related(
            # All rows, filtered with is_verified(): the FK index beats the verified-date one.
            Prefetch("credentials", Credential.objects.select_related("issuer")),
            Prefetch("ipt_trainings", IPTTraining.objects.order_by("-rung", "-completed_on")),
            "cultural_trainings",
            "locations",
            "sliding_scale_tiers",
            "languages",
            "conditions",
            "age_groups",
            "adaptations",
            "communities",
            "telehealth_states",
            plans_with_insurer(),
            organisations_in_order(),
        )
        .order_by("name", "id")
    )


def verified(rows, on=None):
    """The rows a curator verified that have not expired (Verifiable.is_verified)."""
    return [row for row in rows.all() if row.is_verified(on)]


def listing_terms(therapist):
    """(taxonomy key, natural key, name, description) for each vocabulary term of a listing."""
    code, display = NUCC[therapist.profession]
    terms = [("profession", therapist.profession, display, therapist.get_profession_display(),
              code)]  # fmt: skip
    for taxonomy in TAXONOMIES[1:]:
        for row in getattr(therapist, taxonomy.relation).all():
            description = getattr(row, "description", "") or str(row)
            terms.append((taxonomy.key, term_key(row), str(row), description, ""))
    return terms
