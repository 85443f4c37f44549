"""Draws fictional listings from the demo tables, one random.Random(seed) for every choice."""

import datetime
import random

from django.utils.text import slugify

from ipt_finder.directory.choices import (
    LEVELS,
    Accepting,
    AccessConfirmedBy,
    Consultation,
    Faith,
    Gender,
    LicenceType,
    MaintenanceFrequency,
    Medication,
    Rung,
    Status,
    Wheelchair,
)
from ipt_finder.directory.demo.data import (
    GENDER_WEIGHTS,
    HERITAGE_WEIGHTS,
    HERITAGES,
    INSURERS,
    METROS,
    NEIGHBOURS,
    NEUTRAL_NAMES,
    ORGANISATIONS,
    PROFESSION_WEIGHTS,
    PRONOUNS,
    PUBLISHED_PER_METRO,
    SELF_DESCRIPTIONS,
    TELEHEALTH_HOMES,
    TELEHEALTH_ONLY,
    TRAINING_PATHS,
    UNPUBLISHED,
    VOCABULARY,
    licence_type_for,
    plan_states,
)

from . import DEMO_ANCHOR, DEMO_SEED
from .common import Deck, Listing, _weighted
from .practice import PracticeMixin
from .records import CredentialsMixin
from .writing import WritingMixin

# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class Generator(CredentialsMixin, PracticeMixin, WritingMixin):
    """Builds listings from one seeded random.Random.

    With `serial` set (benchmarks), slugs and credential numbers derive from
    it so they never collide with the demo's or an earlier run's.
    """

    def __init__(self, seed=DEMO_SEED, anchor=DEMO_ANCHOR):
        self.rng = rng = random.Random(seed)
        self.anchor = anchor
        self.slugs = set()
        self.numbers = set()
        self.serial = None
        self.created = anchor  # the current listing's creation day
        self.patched = []  # what cover() had to add
        self.gender = Deck(rng, GENDER_WEIGHTS, 80)
        self.profession = Deck(rng, PROFESSION_WEIGHTS, 30)
        self.path = Deck(rng, TRAINING_PATHS, 60)
        self.accepting = Deck(
            rng, {Accepting.YES: 65, Accepting.WAITLIST: 20, Accepting.NO: 15}, 20
        )
        self.consultation = Deck(
            rng, {Consultation.FREE: 55, Consultation.NONE: 25, Consultation.PAID: 20}, 20
        )
        self.frequency = Deck(
            rng,
            {
                MaintenanceFrequency.MONTHLY: 50,
                MaintenanceFrequency.FORTNIGHTLY: 15,
                MaintenanceFrequency.AS_NEEDED: 15,
                MaintenanceFrequency.BIMONTHLY: 12,
                MaintenanceFrequency.WEEKLY: 5,
            },
            30,
        )
        self.wheelchair = Deck(
            rng, {Wheelchair.YES: 55, Wheelchair.NO: 15, Wheelchair.UNKNOWN: 30}, 20
        )
        self.access_source = Deck(
            rng,
            {
                AccessConfirmedBy.SELF_REPORTED: 60,
                AccessConfirmedBy.CURATOR: 25,
                AccessConfirmedBy.VISITOR: 15,
            },
            20,
        )
        self.non_prescriber = Deck(rng, {Medication.COORDINATES: 60, Medication.REFERS: 40}, 10)

    # -- small helpers -----------------------------------------------------

    def days_ago(self, low, high):
        return self.anchor - datetime.timedelta(days=self.rng.randint(low, high))

    def moment(self, day):
        """A working-hours time on `day` (in UTC), never later than the day before the anchor."""
        day = min(day, self.anchor - datetime.timedelta(days=1))
        return datetime.datetime.combine(
            day,
            datetime.time(self.rng.randint(13, 22), self.rng.choice((0, 15, 30, 45))),
            tzinfo=datetime.UTC,
        )

    def between(self, start, end):
        span = max(0, (end - start).days)
        return start + datetime.timedelta(days=self.rng.randint(0, span))

    # -- the listing -------------------------------------------------------

    def listing(self, metro=None, status=Status.PUBLISHED, organisation=None, serial=None):
        """A therapist in `metro`, or telehealth-only when metro is None."""
        r = self.rng
        self.serial = serial
        gender = self.gender.draw()
        weights = dict(HERITAGE_WEIGHTS)
        for key, extra in (metro.heritage if metro else {}).items():
            weights[key] += extra
        heritage_key = "native" if gender == Gender.TWO_SPIRIT else _weighted(r, weights)
        heritage = HERITAGES[heritage_key]
        first, last, slug = self.name(gender, heritage)

        profession = self.profession.draw()
        path = self.path.draw()
        top_rung = max(LEVELS[level][1] for level in path)
        ipt_years = {
            Rung.INTRODUCTORY: r.randint(0, 4),
            Rung.CERTIFIED: r.randint(1, 15),
            Rung.SUPERVISOR: r.randint(5, 20),
            Rung.TRAINER: r.randint(7, 25),
        }[top_rung]
        years = min(45, max(2, ipt_years + r.randint(0, 14)))
        if status in (Status.DRAFT, Status.PENDING):
            self.created = self.days_ago(1, 40)
        else:  # listed at some point since they were licensed
            self.created = self.days_ago(30, min(1500, years * 365))

        home = metro.state if metro else r.choice(TELEHEALTH_HOMES)
        states = [home]
        if metro is None:
            others = [s for s in TELEHEALTH_HOMES if s != home]
            states += r.sample(others, r.choice((0, 1, 1, 2)))
        elif NEIGHBOURS.get(home) and r.random() < 0.2:
            states.append(r.choice(NEIGHBOURS[home]))
        licence_type = licence_type_for(profession, home, r)
        if licence_type in (LicenceType.MD, LicenceType.DO):
            licence_types = [licence_type] * len(states)
        else:
            licence_types = [licence_type_for(profession, s, r) for s in states]

        t = {
            "name": f"{first} {last}",
            "slug": slug,
            "profession": profession,
            "licence_type": licence_type,
            "years_in_practice": years,
            "photo": "",
            "ipt_years": ipt_years,
            "ipt_courses_completed": min(5000, ipt_years * r.randint(3, 14) + r.randint(0, 6)),
            "measures_outcomes": r.random() < 0.6,
            "status": status,
        }
        m2m = {
            key: []
            for key in (*VOCABULARY, "telehealth_states", "insurance_plans", "organisations")
        }
        listing = Listing(t, m2m, heritage=heritage_key, states=states)
        practice_start = self.days_ago(years * 365 + 30, years * 365 + 300)
        degree_day = practice_start - datetime.timedelta(days=r.randint(200, 900))

        self.identity(listing, gender, heritage, heritage_key)
        self.credentials(listing, states, licence_types, practice_start, degree_day, metro)
        self.trainings(listing, path, ipt_years, degree_day)
        self.clinical(listing)
        self.where(listing, metro, states, organisation)
        self.fees(listing, metro, states, organisation)
        self.fit(listing, heritage_key)
        self.freshness(listing, status)
        self.texts(listing, metro, heritage_key)
        self.contact(listing, first, last, metro, home)
        self.problem_areas(listing)
        self.cultural(listing)
        return listing

    def name(self, gender, heritage):
        r = self.rng
        while True:
            if gender == Gender.WOMAN or (gender == "" and r.random() < 0.7):
                first = r.choice(heritage.women)
            elif gender in (Gender.MAN, ""):
                first = r.choice(heritage.men)
            elif r.random() < 0.7:
                first = r.choice(NEUTRAL_NAMES)
            else:
                first = r.choice(heritage.women + heritage.men)
            last = r.choice(heritage.last)
            if self.serial is not None:
                return first, last, f"bench-{self.serial:07d}-{slugify(f'{first} {last}')}"
            slug = slugify(f"{first} {last}")
            if slug in self.slugs:
                initial = r.choice("ABCDEFGHJKLMNPRSTW")
                first = f"{first} {initial}."
                slug = slugify(f"{first} {last}")
            if slug not in self.slugs:
                self.slugs.add(slug)
                return first, last, slug

    def identity(self, listing, gender, heritage, heritage_key):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        t["gender"] = gender
        t["pronouns"] = _weighted(r, PRONOUNS[gender]) if r.random() < 0.88 else ""
        t["gender_description"] = ""
        if gender == Gender.SELF_DESCRIBED:
            t["gender_description"] = r.choice(SELF_DESCRIPTIONS)
        gender_diverse = gender not in (Gender.WOMAN, Gender.MAN, "")
        roll = r.random()
        if gender_diverse:
            t["transgender"] = True if roll < 0.5 else None
        else:
            t["transgender"] = True if roll < 0.04 else (False if roll < 0.55 else None)
        if t["transgender"] and gender == Gender.WOMAN and r.random() < 0.5:
            t["gender_description"] = "Trans woman"
        elif t["transgender"] and gender == Gender.MAN and r.random() < 0.5:
            t["gender_description"] = "Trans man"
        roll = r.random()
        if gender_diverse or t["transgender"]:
            t["lgbtq"] = True if roll < 0.9 else None
        else:
            t["lgbtq"] = True if roll < 0.15 else (False if roll < 0.55 else None)
        t["ethnicity_description"] = ""
        if r.random() < 0.75:
            ethnicities = list(heritage.ethnicities)
            if r.random() < 0.08:
                other = r.choice([e for e in VOCABULARY["ethnicities"] if e not in ethnicities])
                ethnicities += [other, "multiracial"]
            m2m["ethnicities"] = list(dict.fromkeys(ethnicities))
            if r.random() < 0.5:
                t["ethnicity_description"] = r.choice(heritage.descriptions)
        t["faith"] = _weighted(r, heritage.faiths)
        languages = ["en"]
        for code, chance in heritage.languages.items():
            if r.random() < chance:
                languages.append(code)
        if heritage_key != "hispanic" and "es" not in languages and r.random() < 0.06:
            languages.append("es")
        if r.random() < 0.015:
            languages.append("ase")
        m2m["languages"] = languages

    # -- the whole demo ----------------------------------------------------

    def cover(self, listings):
        """Make sure published listings use every seeded vocabulary value, faith and insurer.

        A safety net: with the demo's seed the weights above already cover nearly everything.
        """
        r = self.rng
        published = [listing for listing in listings if listing.published]
        for key, values in VOCABULARY.items():
            used = {value for listing in published for value in listing.m2m[key]}
            for value in values:
                if value not in used:
                    # A language goes to someone whose heritage makes it likely.
                    fitting = [
                        x
                        for x in published
                        if key == "languages" and value in HERITAGES[x.heritage].languages
                    ]
                    r.choice(fitting or published).m2m[key].append(value)
                    self.patched.append((key, value))
        used = {listing.therapist["faith"] for listing in published}
        for faith in Faith.values:
            if faith not in used:
                fitting = [
                    x
                    for x in published
                    if x.therapist["faith"] == "" and faith in HERITAGES[x.heritage].faiths
                ]
                r.choice(fitting or published).therapist["faith"] = faith
                self.patched.append(("faith", faith))
        used = {plan[0] for listing in published for plan in listing.m2m["insurance_plans"]}
        for insurer, _, plans in INSURERS:
            if insurer in used:
                continue
            slug, _, limit = plans[0]
            only, never = plan_states(limit)
            fitting = [
                x
                for x in published
                if (only is None or any(s in only for s in x.states))
                and not (never and all(s in never for s in x.states))
            ]
            r.choice(fitting).m2m["insurance_plans"].append((insurer, slug))
            self.patched.append(("insurer", insurer))


def build_demo(seed=DEMO_SEED, anchor=DEMO_ANCHOR):
    """All demo listings: published ones metro by metro, telehealth-only, then unpublished."""
    gen = Generator(seed, anchor)
    orgs = {metro.city: [o for o in ORGANISATIONS if o.city == metro.city] for metro in METROS}
    listings = []
    for round_ in range(PUBLISHED_PER_METRO):
        for metro in METROS:
            here = orgs[metro.city]
            org = here[round_] if round_ < len(here) else None
            if org is None and here and gen.rng.random() < 0.2:
                org = gen.rng.choice(here)
            listings.append(gen.listing(metro, organisation=org))
    for _ in range(TELEHEALTH_ONLY):
        listings.append(gen.listing(None))
    for status in UNPUBLISHED:
        metro = gen.rng.choice(METROS)
        listings.append(gen.listing(metro, status=status))
    gen.cover(listings)
    return listings, gen.patched
