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
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from .choices import Accepting, CredentialKind, Experience, Rung, Verification
from .costs import applicable_tier
from .lowcost import tiers_applying
from .models import (
    FRESHNESS_DAYS,
    Credential,
    ProblemAreaExperience,
    SlidingScaleTier,
    Therapist,
)
from .models.summary import RUNG_UNTIL

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
    """Q: the listing is linked through the many-to-many `relation` to a matching term."""
    field_ = Therapist._meta.get_field(relation)
    target = field_.m2m_reverse_field_name()
    return Q(
        Exists(
            field_.remote_field.through.objects.filter(
                **{field_.m2m_field_name(): OuterRef("pk")},
                **{f"{target}__{key}": value for key, value in lookup.items()},
            )
        )
    )


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


# Practicalities


class LocationCriterion(Criterion):
    """In person within the distance, or by telehealth in the person's state if that suits.

    Someone who asked for in person only gets "partly met" from a listing that
    could see them online.
    """

    key = "location"
    label = "Location or telehealth"
    question = "Where would you like to see a therapist?"
    fields = ("near", "radius", "telehealth", "state")
    weight = 3
    prefetch = ("telehealth_states",)

    def answer(self, data):
        if data.get("near") or (data.get("telehealth") and data.get("state")):
            return data
        return None

    def rules(self, answer, ctx):
        place, telehealth = answer.get("near"), answer.get("telehealth")
        online = Therapist.objects.telehealth_q(answer.get("state") or (place and place.state))
        if place is None:
            return [(MET, online)]
        nearby = Therapist.objects.near_q(place, answer["radius"])
        return [(MET, nearby | online)] if telehealth else [(MET, nearby), (PARTLY, online)]

    def describe(self, answer, ctx):
        place, parts = answer.get("near"), []
        if place:
            parts.append(f"within {answer['radius']} miles of {place.label}")
        if answer.get("telehealth"):
            parts.append(f"telehealth in {ctx.label('state', answer['state'])}")
        return " or ".join(parts)

    def annotate(self, queryset, answer, ctx):
        if answer.get("near"):
            return queryset.annotate_distance(answer["near"], answer["radius"])
        return queryset

    def detail(self, therapist, answer, status, ctx):
        place, distance = answer.get("near"), getattr(therapist, "distance", None)
        state = answer.get("state") or (place and place.state)
        if distance is not None:
            return f"Office {distance:.1f} miles from {place.label}."
        online = therapist.offers_telehealth and any(
            s.code == state for s in therapist.telehealth_states.all()
        )
        if online:
            how = "video" if therapist.telehealth_video else "phone"
            text = f"Sees people in {ctx.label('state', state)} by {how}."
            return text if status == MET else f"No office within {answer['radius']} miles. {text}"
        if place:
            return f"No office within {answer['radius']} miles, and no telehealth in {state}."
        return f"No telehealth in {ctx.label('state', state)}."


class BudgetCriterion(Criterion):
    """A fee a session within the budget.

    Met: the full fee fits, or the sliding-scale tier for the person's household
    does. Partly met: the bottom of a sliding scale fits, but we can't tell which
    fee applies (no income given, or the therapist lists no tiers).
    """

    key = "budget"
    label = "Cost a session"
    question = "What can you pay a session?"
    fields = ("budget", "income", "household")
    weight = 3
    lenient = True
    requirement = "Keeps listings whose fee, or sliding scale, may fit your budget."
    prefetch = ("sliding_scale_tiers",)

    def answer(self, data):
        return data if data.get("budget") is not None else None

    def rules(self, answer, ctx):
        budget, income, household = answer["budget"], answer.get("income"), answer.get("household")
        met = Q(fee__lte=budget)
        scale = Q(sliding_scale=True, sliding_scale_min_fee__lte=budget)
        if income is not None and household is not None:
            tiers = SlidingScaleTier.objects.filter(therapist=OuterRef("pk"))
            fits = tiers_applying(income, household).filter(fee__lte=budget)
            met |= Q(sliding_scale=True) & Q(Exists(fits))
            scale &= ~Q(Exists(tiers))
        return [(MET, met), (PARTLY, scale), (UNKNOWN, Q(fee__isnull=True, sliding_scale=False))]

    def describe(self, answer, ctx):
        text = f"${answer['budget']} a session"
        if answer.get("income") is not None and answer.get("household") is not None:
            people = answer["household"]
            text += f", household of {people} {'person' if people == 1 else 'people'}"
            text += f" with ${answer['income']:,} a year"
        return text

    def detail(self, therapist, answer, status, ctx):
        budget, income, household = answer["budget"], answer.get("income"), answer.get("household")
        if therapist.fee is None:
            fee = "Fee not published"
        else:
            fee = f"${therapist.fee} a session"
            fee += (
                f", within your ${budget}" if therapist.fee <= budget else f", over your ${budget}"
            )
        tiers = list(therapist.sliding_scale_tiers.all()) if therapist.sliding_scale else []
        if tiers and income is not None and household is not None:
            tier = applicable_tier(tiers, income, household)
            if tier is not None:
                return f"{fee}; ${tier.fee} on the sliding scale for your household."
            return f"{fee}; none of the sliding-scale tiers covers your household."
        if therapist.sliding_scale:
            return f"{fee}; sliding scale from ${therapist.sliding_scale_min_fee}."
        return f"{fee}."


class InsurerCriterion(Criterion):
    key = "insurer"
    label = "Insurance"
    question = "Do you want to use insurance?"
    fields = ("insurer",)
    weight = 3
    requirement = "Keeps listings in network with your insurer."
    prefetch = ("insurance_plans__insurer",)

    def rules(self, answer, ctx):
        return [
            (MET, linked("insurance_plans", insurer__slug=answer)),
            (PARTLY, Q(superbills=True)),
        ]

    def detail(self, therapist, answer, status, ctx):
        name = ctx.label("insurer", answer)
        if status == MET:
            plans = [p.name for p in therapist.insurance_plans.all() if p.insurer.slug == answer]
            return f"In network with {name} ({', '.join(plans)})."
        if status == PARTLY:
            return f"Not in network with {name}, but gives superbills to claim from them."
        return f"Not in network with {name}, and no superbills."


class ScheduleCriterion(Criterion):
    key = "schedule"
    label = "Schedule"
    question = "When can you have sessions?"
    fields = ("evening", "weekend")
    weight = 1
    requirement = "Keeps listings offering every time you chose."
    columns = {"evening": "evening_hours", "weekend": "weekend_hours"}

    def answer(self, data):
        return [name for name in self.fields if data.get(name)] or None

    def describe(self, answer, ctx):
        return " and ".join(answer)

    def rules(self, answer, ctx):
        wanted = [Q((self.columns[name], True)) for name in answer]
        rules = [(MET, reduce(and_, wanted))]
        if len(wanted) > 1:
            rules.append((PARTLY, reduce(or_, wanted)))
        return rules

    def detail(self, therapist, answer, status, ctx):
        offered = [name for name in answer if getattr(therapist, self.columns[name])]
        if not offered:
            return f"No {' or '.join(answer)} appointments."
        missing = [name for name in answer if name not in offered]
        text = f"Offers {' and '.join(offered)} appointments."
        return f"{text} Not {' or '.join(missing)}." if missing else text


class AcceptingCriterion(Criterion):
    key = "accepting"
    label = "Accepting new clients"
    question = "Do you need someone who can start soon?"
    fields = ("accepting",)
    weight = 2
    otherwise = UNKNOWN
    requirement = (
        f"Keeps listings accepting new clients, confirmed in the last {FRESHNESS_DAYS} days."
    )

    def rules(self, answer, ctx):
        fresh = Q(accepting_confirmed_on__gte=ctx.today - datetime.timedelta(days=FRESHNESS_DAYS))
        return [
            (MET, fresh & Q(accepting=Accepting.YES)),
            (PARTLY, fresh & Q(accepting=Accepting.WAITLIST)),
            (NOT_MET, fresh & Q(accepting=Accepting.NO)),
        ]

    def detail(self, therapist, answer, status, ctx):
        if status == UNKNOWN:
            if therapist.accepting_confirmed_on is None:
                return "Availability never confirmed."
            days = (ctx.today - therapist.accepting_confirmed_on).days
            return f"Availability last confirmed {days} days ago, too long to rely on."
        days = (ctx.today - therapist.accepting_confirmed_on).days
        when = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
        return f"{therapist.get_accepting_display()}, confirmed {when}."


# Language and culture


class LanguageCriterion(VocabularyCriterion):
    key = "language"
    label = "Language"
    question = "Which languages could your sessions be in?"
    fields = ("language",)
    weight = 3
    relation = "languages"
    key_field = "code"
    requirement = "Keeps listings working in one of your languages."
    prefetch = ("languages",)

    def detail(self, therapist, answer, status, ctx):
        found = self.terms(therapist, answer)
        if found:
            return f"Works in {', '.join(found)}."
        return f"Doesn't list {ctx.names('language', answer)}."


class CommunityCriterion(EveryTerm):
    key = "community"
    label = "Communities"
    question = "Which communities would you like your therapist to know and affirm?"
    fields = ("community",)
    weight = 2
    relation = "communities"
    prefetch = ("communities",)


# What you want in a therapist


class TraitCriterion(EveryTerm):
    relation = "traits"
    weight = 1
    prefetch = ("traits",)


class CommunicationCriterion(TraitCriterion):
    key = "communication"
    label = "Communication style"
    question = "What communication style suits you?"
    fields = ("communication",)
    kind = "communication"


class PersonalityCriterion(TraitCriterion):
    key = "personality"
    label = "Personality"
    question = "What kind of personality would you get on with?"
    fields = ("personality",)
    kind = "personality"


class ValuesCriterion(TraitCriterion):
    key = "values"
    label = "Values"
    question = "Which values matter to you?"
    fields = ("values",)
    kind = "values"


class ColumnCriterion(Criterion):
    """A self-described identity column: blank means the therapist didn't say."""

    column = ""
    blank = ""

    def rules(self, answer, ctx):
        chosen = answer if isinstance(answer, list) else [answer]
        return [
            (MET, Q((f"{self.column}__in", chosen))),
            (UNKNOWN, Q((self.column, self.blank))),
        ]

    def detail(self, therapist, answer, status, ctx):
        if status == UNKNOWN:
            return "Not shared."
        display = getattr(therapist, f"get_{self.column}_display")()
        return f"{display}." if status == MET else f"{display}: not what you chose."


class GenderCriterion(ColumnCriterion):
    key = "gender"
    label = "Therapist's gender"
    question = "Would you like a therapist of a particular gender?"
    fields = ("gender",)
    column = "gender"
    requirement = "Keeps listings whose therapist describes one of the genders you chose."


class FaithCriterion(ColumnCriterion):
    key = "faith"
    label = "Therapist's faith"
    question = "Would you like a therapist who shares your faith?"
    fields = ("faith",)
    column = "faith"


class FlagCriterion(Criterion):
    """A yes/no the therapist may leave unsaid (null)."""

    column = ""
    says = ""

    def rules(self, answer, ctx):
        return [(MET, Q((self.column, True))), (UNKNOWN, Q((f"{self.column}__isnull", True)))]

    def detail(self, therapist, answer, status, ctx):
        return {MET: f"{self.says}.", UNKNOWN: "Not shared."}.get(status, f"Not {self.says}.")


class LGBTQCriterion(FlagCriterion):
    key = "lgbtq"
    label = "LGBTQ+ therapist"
    question = "Would you like a therapist who is LGBTQ+?"
    fields = ("lgbtq",)
    column = "lgbtq"
    says = "Identifies as LGBTQ+"


class TransgenderCriterion(FlagCriterion):
    key = "transgender"
    label = "Trans therapist"
    question = "Would you like a therapist who is trans?"
    fields = ("transgender",)
    column = "transgender"
    says = "Identifies as trans"


class EthnicityCriterion(VocabularyCriterion):
    key = "ethnicity"
    label = "Therapist's race or ethnicity"
    question = "Would you like a therapist who shares your background?"
    fields = ("ethnicity",)
    relation = "ethnicities"
    requirement = "Keeps listings whose therapist describes one of your choices."
    prefetch = ("ethnicities",)

    def rules(self, answer, ctx):
        return [*super().rules(answer, ctx), (UNKNOWN, ~linked("ethnicities", pk__isnull=False))]

    def detail(self, therapist, answer, status, ctx):
        if status == UNKNOWN:
            return "Not shared."
        found = self.terms(therapist, answer)
        return f"{', '.join(found)}." if found else "Not what you chose."


class IPTLevelCriterion(Criterion):
    """Met by verified training at the level or above; claimed but unverified is partly met."""

    key = "ipt_level"
    label = "IPT training"
    question = "What level of IPT training would you like?"
    fields = ("rung",)
    weight = 2
    lenient = True
    requirement = "Keeps listings claiming training at that level or above, verified or not."

    def rules(self, answer, ctx):
        # The listing's summary columns, as search uses: rejected claims don't count.
        rung = int(answer)
        return [
            (MET, Q(**{f"{RUNG_UNTIL[rung]}__gte": ctx.today})),
            (PARTLY, Q(ipt_rung__gte=rung)),
        ]

    def annotate(self, queryset, answer, ctx):
        return queryset.annotate_rungs(on=ctx.today)

    def detail(self, therapist, answer, status, ctx):
        top, verified = therapist.top_rung, therapist.top_verified_rung
        if status == MET:
            return f"{Rung(verified).label}, verified."
        if status == PARTLY:
            return f"{Rung(top).label}, not yet verified."
        return f"Highest: {Rung(top).label}." if top else "No IPT training listed."


class LicenceCriterion(Criterion):
    """Met by a licence a curator verified and that hasn't expired; unknown while unchecked."""

    key = "verified_licence"
    label = "Verified licence"
    question = "Do you want a licence our curators have checked?"
    fields = ("verified_licence",)
    weight = 2

    def rules(self, answer, ctx):
        unchecked = Credential.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=ctx.today),
            therapist=OuterRef("pk"),
            kind=CredentialKind.LICENCE,
            verification=Verification.UNVERIFIED,
        )
        return [
            (MET, Therapist.objects.verified_licence_q(on=ctx.today)),
            (UNKNOWN, Q(Exists(unchecked))),
        ]

    def detail(self, therapist, answer, status, ctx):
        return {
            MET: "A current licence, checked by a curator.",
            UNKNOWN: "A licence is listed but not yet checked.",
        }.get(status, "No current, verified licence.")


class TrackRecordCriterion(Criterion):
    key = "track_record"
    label = "Tracks progress"
    question = "Would you like a therapist who measures progress with questionnaires?"
    fields = ("track_record",)
    weight = 1

    def rules(self, answer, ctx):
        return [(MET, Q(measures_outcomes=True))]

    def detail(self, therapist, answer, status, ctx):
        courses = therapist.ipt_courses_completed
        record = f"{courses} IPT course{'s' * (courses != 1)} delivered"
        if status == MET:
            return f"Uses PHQ-9 or GAD-7 during the course; {record}."
        return f"Doesn't report using outcome questionnaires; {record}."


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
                need = data.get(f"need_{criterion.key}") or PREFERENCE
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
