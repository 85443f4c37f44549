"""Criteria for credentials and experience: IPT training, a verified licence, a track record."""

from django.db.models import (
    Exists,
    OuterRef,
    Q,
)

from ipt_finder.directory.choices import CredentialKind, Rung, Verification
from ipt_finder.directory.match.criteria import MET, PARTLY, UNKNOWN, Criterion
from ipt_finder.directory.models import (
    Credential,
    Therapist,
)
from ipt_finder.directory.models.summary import RUNG_UNTIL


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
