"""Criteria for language, culture and the therapist a person wants: style, values, identity."""

from django.db.models import (
    Q,
)

from ipt_finder.directory.match.criteria import (
    MET,
    UNKNOWN,
    Criterion,
    EveryTerm,
    VocabularyCriterion,
    linked,
)


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
