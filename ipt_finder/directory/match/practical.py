"""Criteria for practicalities: where, what it costs, insurance, schedule, availability."""

from functools import reduce
from operator import and_, or_

from django.db.models import (
    Exists,
    OuterRef,
    Q,
)

from ipt_finder.directory.choices import Accepting
from ipt_finder.directory.costs.estimates import applicable_tier
from ipt_finder.directory.costs.lowcost import tiers_applying
from ipt_finder.directory.match.criteria import (
    MET,
    NOT_MET,
    PARTLY,
    REQUIREMENT,
    UNKNOWN,
    Criterion,
    linked,
)
from ipt_finder.directory.models import (
    FRESHNESS_DAYS,
    SlidingScaleTier,
    Therapist,
)


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
    # Someone who can't reach a therapist can't see them: only an explicit choice relaxes it.
    default_need = REQUIREMENT
    lenient = True
    requirement = (
        "Keeps therapists who can see you: an office within the distance, or telehealth "
        "licensed in your state."
    )

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
        fresh = Therapist.objects.fresh_q(ctx.today)
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
