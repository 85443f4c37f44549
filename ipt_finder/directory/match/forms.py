"""The forms of the guided match, the cost estimate and the comparison.

Answers travel in the query string only: each step of the match is a GET form
that carries the earlier answers in hidden fields, so it works without
JavaScript and nothing is kept on the server.
"""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.functional import cached_property

from ipt_finder.directory.choices import Faith, Gender, ProblemArea, Rung, TraitKind
from ipt_finder.directory.costs.forms import HouseholdMixin, money
from ipt_finder.directory.match.criteria import PREFERENCE, REQUIREMENT
from ipt_finder.directory.match.scoring import BY_KEY, CRITERIA
from ipt_finder.directory.models import (
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    Insurer,
    Language,
    Trait,
)
from ipt_finder.directory.places.forms import DEFAULT_RADIUS, PlaceForm
from ipt_finder.directory.search.vocabularies import blank, vocabulary

NEED_CHOICES = [
    (PREFERENCE, "A preference: rank by it"),
    (REQUIREMENT, "A requirement: leave out anyone who doesn't meet it"),
]


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    intro: str
    criteria: tuple


STEPS = [
    Step(
        1,
        "What you want help with",
        "IPT works on one focus at a time. Tell us what it might be, if you know.",
        ("condition", "problem_area", "age_group"),
    ),
    Step(
        2,
        "Practicalities",
        "Where, what it costs, and when.",
        ("location", "budget", "insurer", "schedule", "accepting"),
    ),
    Step(
        3,
        "Language and culture",
        "The languages you could have sessions in, and communities you'd like understood.",
        ("language", "community"),
    ),
    Step(
        4,
        "What you want in a therapist",
        "Style, values, identity and training. Therapists describe themselves; all of it is "
        "optional for them too, so some answers will be unknown.",
        (
            "communication",
            "personality",
            "values",
            "gender",
            "lgbtq",
            "transgender",
            "ethnicity",
            "faith",
            "ipt_level",
            "verified_licence",
            "track_record",
        ),
    ),
]


def checkboxes(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class MatchForm(HouseholdMixin, PlaceForm):
    # What you want help with
    condition = forms.ChoiceField(
        label="Help with", choices=blank(vocabulary(Condition)), required=False
    )
    problem_area = forms.ChoiceField(
        label="Closest problem area",
        choices=blank(ProblemArea.choices, "Not sure"),
        required=False,
        help_text="Grief after a death; a dispute with someone close; a change of role such as "
        "a move, a baby or retirement; or feeling isolated.",
    )
    age_group = forms.ChoiceField(
        label="Age group", choices=blank(vocabulary(AgeGroup)), required=False
    )

    # Practicalities (location and household fields come from the mixins)
    budget = money("Most I can pay a session ($)")
    insurer = forms.ChoiceField(
        label="My insurer",
        choices=blank(vocabulary(Insurer), "I won't use insurance"),
        required=False,
    )
    evening = forms.BooleanField(label="Evenings", required=False)
    weekend = forms.BooleanField(label="Weekends", required=False)
    accepting = forms.BooleanField(
        label="Accepting new clients, confirmed in the last 90 days", required=False
    )

    # Language and culture
    language = checkboxes("Languages", vocabulary(Language, "code"))
    community = checkboxes("Communities", vocabulary(Community))

    # What you want in a therapist
    communication = checkboxes(
        "Communication style", vocabulary(Trait, kind=TraitKind.COMMUNICATION)
    )
    personality = checkboxes("Personality", vocabulary(Trait, kind=TraitKind.PERSONALITY))
    values = checkboxes("Values", vocabulary(Trait, kind=TraitKind.VALUES))
    gender = checkboxes("Gender", Gender.choices)
    lgbtq = forms.BooleanField(label="LGBTQ+", required=False)
    transgender = forms.BooleanField(label="Trans", required=False)
    ethnicity = checkboxes("Race or ethnicity", vocabulary(Ethnicity))
    faith = forms.ChoiceField(label="Faith", choices=blank(Faith.choices), required=False)
    rung = forms.ChoiceField(
        label="IPT training, at least", choices=blank(Rung.choices, "Any"), required=False
    )
    verified_licence = forms.BooleanField(label="A verified, current licence", required=False)
    track_record = forms.BooleanField(label="Measures progress (PHQ-9 or GAD-7)", required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # Unanswered radios and selects keep their defaults, as a browser would send them.
            data = data.copy()
            for criterion in CRITERIA:
                if not data.get(f"need_{criterion.key}"):
                    data[f"need_{criterion.key}"] = criterion.default_need
            if not data.get("radius"):
                data["radius"] = str(DEFAULT_RADIUS)
        super().__init__(data, *args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in ("language", "community", "communication", "personality", "values"):
            data[name] = list(dict.fromkeys(data.get(name) or []))
        return data

    def questions(self, step):
        return [
            Question(
                BY_KEY[key],
                [self[name] for name in BY_KEY[key].fields],
                self[f"need_{key}"],
            )
            for key in step.criteria
        ]

    @cached_property
    def _answered(self):
        """Keys of the criteria given a value, read from the raw data so it works with errors.

        The distance always has a value, so it doesn't count as an answer by itself.
        """
        return {
            criterion.key
            for criterion in CRITERIA
            if any(
                value
                for name in criterion.fields
                if name != "radius"
                for value in self.data.getlist(name)
            )
        }

    def step_fields(self, step):
        return {name for key in step.criteria for name in (*BY_KEY[key].fields, f"need_{key}")}

    def carried(self, step):
        """(name, value) pairs of every other step's answers, for hidden inputs."""
        if not self.is_bound:
            return []
        own = self.step_fields(step)
        return [
            (name, value)
            for name, value in self.answers().lists()
            for value in value
            if name not in own
        ]

    def answers(self, drop=()):
        """The answers as a query string, without blanks and defaults."""
        query = QueryDict(mutable=True)
        if not self.is_bound:
            return query
        answered = self._answered
        for name in self.fields:
            values = [v for v in self.data.getlist(name) if v not in ("", None)]
            if not values or name in drop:
                continue
            # A need is only worth carrying for an answered question, changed from its default.
            if name.startswith("need_") and (
                values == [BY_KEY[name[5:]].default_need] or name[5:] not in answered
            ):
                continue
            query.setlist(name, values)
        if not query.get("near"):
            query.pop("radius", None)
        if not query.get("telehealth"):
            query.pop("state", None)
        return query

    def as_preference(self, key):
        """The answers with the criterion `key` made a preference, said outright when its
        default is a requirement."""
        query = self.answers(drop=[f"need_{key}"])
        if BY_KEY[key].default_need != PREFERENCE:
            query[f"need_{key}"] = PREFERENCE
        return query

    def first_error_step(self):
        for step in STEPS:
            if self.step_fields(step) & set(self.errors):
                return step
        return STEPS[0]


MatchForm.base_fields.update(
    {
        f"need_{criterion.key}": forms.ChoiceField(
            label="How much does this matter?",
            choices=NEED_CHOICES,
            required=False,
            initial=criterion.default_need,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
        for criterion in CRITERIA
    }
)


@dataclass
class Question:
    criterion: object
    fields: list
    need: object

    @property
    def errors(self):
        return any(field.errors for field in self.fields)
