"""The guided match: who meets a person's answers, how well, and why.

How we rank
===========
Each question the person answers is a *criterion*, and they say whether it is
a requirement or a preference. Skipped questions play no part.

Requirements exclude. A listing that doesn't meet a requirement is left out;
for a few criteria a partial match is enough (each criterion's `requirement`
text says which). Requirements add no points, since every result meets them.

Preferences rank. For each one a listing is judged, in the database:

=============  ===================  =====================================
status         points               for example
=============  ===================  =====================================
met            2 × weight           speaks one of your languages
partly met     1 × weight           offers a sliding scale that may fit
unknown        0                    accepting new clients, but not
                                    confirmed in the last 90 days
not met        0                    not within your distance
=============  ===================  =====================================

The score is the sum of the points of the preferences. Weights: 3 for what the
guidance puts first (the problem, location, cost, insurance, language), 2 for
age group, availability, communities, IPT level and a verified licence, and 1
for schedule, style, identity and track record (see CRITERIA). Results are
ordered by score, highest first, then by name, then by id, so the same answers
always give the same order. Each result lists every criterion with its status,
what we found and its points.
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    Value,
    When,
)

from ipt_finder.directory.choices import Experience
from ipt_finder.directory.models import (
    ProblemAreaExperience,
    Therapist,
)

MET, PARTLY, UNKNOWN, NOT_MET = "met", "partly", "unknown", "not_met"
STATUS_LABELS = {MET: "Met", PARTLY: "Partly met", UNKNOWN: "Unknown", NOT_MET: "Not met"}
CREDIT = {MET: 2, PARTLY: 1, UNKNOWN: 0, NOT_MET: 0}
REQUIREMENT, PREFERENCE = "requirement", "preference"


@dataclass(frozen=True)
class Context:
    """What every criterion may need besides its own answer."""

    data: dict
    today: datetime.date
    labels: dict = field(default_factory=dict)

    def label(self, name, value):
        return self.labels.get(name, {}).get(str(value), str(value))

    def names(self, name, values):
        return ", ".join(self.label(name, value) for value in values)


def in_text(name):
    """A term's name for the middle of a sentence: "Depression" but still "PTSD", "LGBTQ+"."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def linked(relation, **lookup):
    return Therapist.objects.linked_q(relation, **lookup)


def every(relation, key, values):
    return reduce(and_, [linked(relation, **{key: value}) for value in values])


class Criterion:
    """One question of the match, judged for every listing in one SQL CASE.

    `rules(answer, ctx)` gives (status, Q) pairs: the first that holds decides
    the status, and `otherwise` applies when none does. Rules giving met or
    partly met come first, so a requirement can be the union of their Qs.
    """

    key = ""
    label = ""
    question = ""
    fields = ()
    weight = 1
    otherwise = NOT_MET
    lenient = False
    requirement = "Keeps listings that meet it."
    prefetch = ()
    # How much an answer matters until the person says otherwise.
    default_need = PREFERENCE

    def answer(self, data):
        value = data.get(self.fields[0])
        return value if value not in (None, "", [], False) else None

    def rules(self, answer, ctx):
        raise NotImplementedError

    def requirement_q(self, answer, ctx):
        wanted = {MET, PARTLY} if self.lenient else {MET}
        return reduce(or_, [q for status, q in self.rules(answer, ctx) if status in wanted])

    def status_expression(self, answer, ctx):
        return Case(
            *[When(q, then=Value(status)) for status, q in self.rules(answer, ctx)],
            default=Value(self.otherwise),
            output_field=CharField(),
        )

    def annotate(self, queryset, answer, ctx):
        return queryset

    def describe(self, answer, ctx):
        """The person's answer in words."""
        if answer is True:
            return "yes"
        if isinstance(answer, list):
            return ctx.names(self.fields[0], answer)
        return ctx.label(self.fields[0], answer)

    def detail(self, therapist, answer, status, ctx):
        return ""

    def max_points(self):
        return CREDIT[MET] * self.weight

    def points(self, status):
        return CREDIT[status] * self.weight


class VocabularyCriterion(Criterion):
    """Chosen terms of a vocabulary linked to listings: any one is met."""

    relation = ""
    key_field = "slug"

    def rules(self, answer, ctx):
        return [(MET, linked(self.relation, **{f"{self.key_field}__in": answer}))]

    def terms(self, therapist, answer):
        return [
            term.name
            for term in getattr(therapist, self.relation).all()
            if getattr(term, self.key_field) in answer
        ]


class SingleTerm(VocabularyCriterion):
    def rules(self, answer, ctx):
        return [(MET, linked(self.relation, **{self.key_field: answer}))]


class EveryTerm(VocabularyCriterion):
    """All chosen terms met; some, partly; for a trait kind, none listed is unknown."""

    lenient = True
    requirement = "Keeps listings with at least one of your choices."
    kind = None

    def rules(self, answer, ctx):
        rules = [(MET, every(self.relation, self.key_field, answer))]
        if len(answer) > 1:
            rules.append((PARTLY, linked(self.relation, **{f"{self.key_field}__in": answer})))
        if self.kind:
            rules.append((UNKNOWN, ~linked(self.relation, kind=self.kind)))
        return rules

    def detail(self, therapist, answer, status, ctx):
        if status == UNKNOWN:
            return "Doesn't describe this."
        found = self.terms(therapist, answer)
        chosen = [ctx.label(self.fields[0], value) for value in answer]
        missing = ", ".join(in_text(name) for name in chosen if name not in found)
        if not found:
            return f"Doesn't list {missing}."
        text = f"Lists {', '.join(in_text(name) for name in found)}."
        return f"{text} Not {missing}." if missing else text


# What you want help with


class ConditionCriterion(SingleTerm):
    key = "condition"
    label = "What you want help with"
    question = "What would you like help with?"
    fields = ("condition",)
    weight = 3
    relation = "conditions"
    prefetch = ("conditions",)

    def detail(self, therapist, answer, status, ctx):
        name = in_text(ctx.label("condition", answer))
        return f"Works with {name}." if status == MET else f"Doesn't list {name}."


class ProblemAreaCriterion(Criterion):
    key = "problem_area"
    label = "IPT problem area"
    question = "Which of IPT's problem areas is closest to what is going on?"
    fields = ("problem_area",)
    weight = 3
    lenient = True
    requirement = "Keeps listings with any experience of the area."
    prefetch = ("problem_areas",)

    def rules(self, answer, ctx):
        def experience(**lookup):
            return Q(
                Exists(
                    ProblemAreaExperience.objects.filter(
                        therapist=OuterRef("pk"), area=answer, **lookup
                    )
                )
            )

        return [(MET, experience(experience__gte=Experience.REGULAR)), (PARTLY, experience())]

    def detail(self, therapist, answer, status, ctx):
        area = in_text(ctx.label("problem_area", answer))
        for record in therapist.problem_areas.all():
            if record.area == answer:
                return f"{record.get_experience_display()}: {area}."
        return f"No experience with {area} listed."


class AgeGroupCriterion(SingleTerm):
    key = "age_group"
    label = "Who it is for"
    question = "Who is the therapy for?"
    fields = ("age_group",)
    weight = 2
    relation = "age_groups"
    prefetch = ("age_groups",)

    def detail(self, therapist, answer, status, ctx):
        name = in_text(ctx.label("age_group", answer))
        return f"Sees {name}." if status == MET else f"Doesn't list {name}."
