"""What the generator draws with: weighted decks, the listing record and small helpers."""

from dataclasses import dataclass, field

from ipt_finder.directory.choices import (
    Status,
)


class Deck:
    """Draws values by weight, but deals each value at least once in its first `spread` draws."""

    def __init__(self, rng, weights, spread):
        self.rng = rng
        self.values = list(weights)
        self.weights = list(weights.values())
        extra = max(0, spread - len(self.values))
        self.cards = self.values + rng.choices(self.values, self.weights, k=extra)
        rng.shuffle(self.cards)

    def draw(self):
        if self.cards:
            return self.cards.pop()
        return self.rng.choices(self.values, self.weights)[0]


@dataclass
class Listing:
    """One therapist: field values, M2M keys and child rows, free of database ids.

    M2M keys are vocabulary slugs, language and state codes, (insurer, plan)
    slug pairs and organisation slugs; child rows name issuers by slug.
    """

    therapist: dict
    m2m: dict
    heritage: str = ""
    states: list = field(default_factory=list)  # where licensed
    university: str = ""
    credentials: list = field(default_factory=list)
    ipt_trainings: list = field(default_factory=list)
    cultural_trainings: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    tiers: list = field(default_factory=list)
    problem_areas: list = field(default_factory=list)

    @property
    def published(self):
        return self.therapist["status"] == Status.PUBLISHED


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _round5(value):
    return int(5 * round(value / 5))


def _weighted(rng, weights):
    return rng.choices(list(weights), list(weights.values()))[0]


def _join(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
