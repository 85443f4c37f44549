"""Every criterion in the order the match asks them, and the match itself: filter, score, explain."""

from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Value,
    When,
)
from django.utils import timezone

from ipt_finder.directory.match.compatibility import (
    CommunicationCriterion,
    CommunityCriterion,
    EthnicityCriterion,
    FaithCriterion,
    GenderCriterion,
    LanguageCriterion,
    LGBTQCriterion,
    PersonalityCriterion,
    TransgenderCriterion,
    ValuesCriterion,
)
from ipt_finder.directory.match.credentials import (
    IPTLevelCriterion,
    LicenceCriterion,
    TrackRecordCriterion,
)
from ipt_finder.directory.match.criteria import (
    MET,
    PARTLY,
    REQUIREMENT,
    STATUS_LABELS,
    AgeGroupCriterion,
    ConditionCriterion,
    Context,
    Criterion,
    ProblemAreaCriterion,
)
from ipt_finder.directory.match.practical import (
    AcceptingCriterion,
    BudgetCriterion,
    InsurerCriterion,
    LocationCriterion,
    ScheduleCriterion,
)
from ipt_finder.directory.models import (
    Therapist,
)

CRITERIA = [
    ConditionCriterion(),
    ProblemAreaCriterion(),
    AgeGroupCriterion(),
    LocationCriterion(),
    BudgetCriterion(),
    InsurerCriterion(),
    ScheduleCriterion(),
    AcceptingCriterion(),
    LanguageCriterion(),
    CommunityCriterion(),
    CommunicationCriterion(),
    PersonalityCriterion(),
    ValuesCriterion(),
    GenderCriterion(),
    LGBTQCriterion(),
    TransgenderCriterion(),
    EthnicityCriterion(),
    FaithCriterion(),
    IPTLevelCriterion(),
    LicenceCriterion(),
    TrackRecordCriterion(),
]


BY_KEY = {criterion.key: criterion for criterion in CRITERIA}


@dataclass
class Answer:
    criterion: Criterion
    value: object
    need: str
    description: str = ""

    @property
    def required(self):
        return self.need == REQUIREMENT


@dataclass
class Explanation:
    criterion: Criterion
    status: str
    required: bool
    points: int | None
    detail: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def max_points(self):
        return None if self.required else self.criterion.max_points()


@dataclass
class Result:
    therapist: Therapist
    score: int
    explanations: list[Explanation]


class Match:
    """The person's answers, applied to the published listings."""

    def __init__(self, data, today=None, labels=None):
        self.ctx = Context(data, today or timezone.localdate(), labels or {})
        self.answers = []
        for criterion in CRITERIA:
            value = criterion.answer(data)
            if value is not None:
                need = data.get(f"need_{criterion.key}") or criterion.default_need
                description = criterion.describe(value, self.ctx)
                self.answers.append(Answer(criterion, value, need, description))

    @property
    def requirements(self):
        return [a for a in self.answers if a.required]

    @property
    def preferences(self):
        return [a for a in self.answers if not a.required]

    @property
    def max_score(self):
        return sum(a.criterion.max_points() for a in self.preferences)

    def answer(self, key):
        return next((a for a in self.answers if a.criterion.key == key), None)

    def requirement_q(self, answer):
        return answer.criterion.requirement_q(answer.value, self.ctx)

    def filtered(self, skip=None):
        """Published listings meeting every requirement but `skip`."""
        queryset = Therapist.objects.published()
        for answer in self.requirements:
            if answer.criterion is not skip:
                queryset = queryset.filter(self.requirement_q(answer))
        return queryset

    def results(self):
        """Listings meeting the requirements, annotated and ranked; no explanations yet."""
        queryset = self.filtered()
        statuses, points = {}, []
        for answer in self.answers:
            criterion, name = answer.criterion, f"status_{answer.criterion.key}"
            statuses[name] = criterion.status_expression(answer.value, self.ctx)
            queryset = criterion.annotate(queryset, answer.value, self.ctx)
            if not answer.required:
                points.append(
                    Case(
                        *[
                            When(**{name: status}, then=Value(criterion.points(status)))
                            for status in (MET, PARTLY)
                        ],
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
        queryset = queryset.annotate(**statuses)
        score = reduce(lambda a, b: a + b, points) if points else Value(0)
        prefetch = {name for a in self.answers for name in a.criterion.prefetch}
        return (
            queryset.annotate(match_score=score)
            .annotate_course_cost()
            .prefetch_related(*sorted(prefetch))
            .order_by("-match_score", "name", "pk")
        )

    def explain(self, therapists):
        return [self.explain_one(therapist) for therapist in therapists]

    def explain_one(self, therapist):
        explanations = []
        for answer in self.answers:
            criterion = answer.criterion
            status = getattr(therapist, f"status_{criterion.key}")
            explanations.append(
                Explanation(
                    criterion,
                    status,
                    answer.required,
                    None if answer.required else criterion.points(status),
                    criterion.detail(therapist, answer.value, status, self.ctx),
                )
            )
        score = sum(e.points or 0 for e in explanations)
        return Result(therapist, score, explanations)

    def dead_end(self):
        """For each requirement, how many listings pass all the others; most first.

        One query, so it costs the same however many requirements there are.
        """
        requirements = self.requirements
        counts = {}
        for answer in requirements:
            others = [self.requirement_q(o) for o in requirements if o is not answer]
            counts[answer.criterion.key] = Count(
                "pk", filter=reduce(and_, others) if others else None
            )
        totals = Therapist.objects.published().aggregate(**counts)
        return sorted(
            ((answer, totals[answer.criterion.key]) for answer in requirements),
            key=lambda pair: (-pair[1], CRITERIA.index(pair[0].criterion)),
        )

    def budget_squeeze(self):
        """(how many fit the budget, how many there would be without it), or None."""
        budget = self.answer("budget")
        if budget is None:
            return None
        base = self.filtered(skip=budget.criterion)
        totals = base.aggregate(
            total=Count("pk"), fits=Count("pk", filter=self.requirement_q(budget))
        )
        return totals["fits"], totals["total"]
