"""Vocabularies: the rows the migration seeds, and their uniqueness rules."""

import pytest

from ipt_finder.directory.choices import ProblemArea, TraitKind, USState
from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Language,
    PaymentMethod,
    State,
    Trait,
)
from tests.checks import UNIQUE, assert_valid, clean_errors, rejected_by_database
from tests.factories import ConditionFactory, InsurerFactory, IssuingBodyFactory

pytestmark = pytest.mark.django_db


def test_every_us_state_has_a_state_row():
    assert dict(State.objects.values_list("code", "name")) == dict(USState.choices)


def test_the_four_problem_areas_are_choices():
    assert ProblemArea.labels == [
        "Grief",
        "Role disputes",
        "Role transitions",
        "Interpersonal deficits (sensitivity)",
    ]


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        (Condition, "depression"),
        (AgeGroup, "adolescents"),
        (Adaptation, "ipt-a"),
        (Community, "lgbtq"),
        (Ethnicity, "multiracial"),
        (PaymentMethod, "hsa-fsa"),
        (Trait, "collaborative"),
    ],
)
def test_vocabularies_are_seeded(model, slug):
    assert model.objects.filter(slug=slug).exists()


def test_seeded_traits_cover_every_kind():
    assert set(Trait.objects.values_list("kind", flat=True)) == set(TraitKind.values)


def test_seeded_languages_include_spanish_and_asl():
    assert Language.objects.get(code="es").name == "Spanish"
    assert Language.objects.get(code="ase").name == "American Sign Language"


def test_vocabulary_slugs_are_unique():
    assert_valid(Condition(slug="hoarding", name="Hoarding"))
    with rejected_by_database(UNIQUE):
        Condition.objects.create(slug="depression", name="Low mood")
    assert clean_errors(Condition(slug="depression", name="Low mood")) == {
        "slug": ["Condition with this Slug already exists."]
    }
    # Factories reuse a seeded row rather than tripping over it.
    assert ConditionFactory(slug="depression").name == "Depression"


def test_language_codes_and_names_are_unique():
    with rejected_by_database(UNIQUE):
        Language.objects.create(code="es", name="Castellano")
    with rejected_by_database(UNIQUE):
        Language.objects.create(code="xx", name="Spanish")
    assert clean_errors(Language(code="xx", name="Spanish")) == {
        "name": ["Language with this Name already exists."]
    }


def test_state_names_are_unique():
    with rejected_by_database(UNIQUE):
        State.objects.create(code="GU", name="New York")


def test_issuing_body_slugs_are_unique():
    board = IssuingBodyFactory()
    with rejected_by_database(UNIQUE):
        type(board).objects.create(slug=board.slug, name="Another board", kind=board.kind)


def test_plan_slugs_are_unique_per_insurer():
    aetna, cigna = InsurerFactory(slug="aetna"), InsurerFactory(slug="cigna")
    InsurancePlan.objects.create(insurer=aetna, slug="ppo", name="PPO")
    assert_valid(InsurancePlan(insurer=cigna, slug="ppo", name="PPO"))
    with rejected_by_database(UNIQUE):
        InsurancePlan.objects.create(insurer=aetna, slug="ppo", name="Open Access PPO")
    assert clean_errors(InsurancePlan(insurer=aetna, slug="ppo", name="Open Access PPO")) == {
        "__all__": ["Insurance plan with this Insurer and Slug already exists."]
    }
