"""How a listing practises: clinical focus, offices, fees, fit, freshness and contact."""

from decimal import Decimal

from django.utils.text import slugify

from ipt_finder.directory.choices import (
    AccessConfirmedBy,
    Consultation,
    CostPolicy,
    CredentialKind,
    Experience,
    Gender,
    Medication,
    ProblemArea,
    Profession,
    Status,
    Wheelchair,
)
from ipt_finder.directory.demo.data import (
    ADAPTATION_CONDITIONS,
    AREA_CODES,
    CANCELLATIONS,
    CONDITION_WEIGHTS,
    CURATOR_NOTES,
    FEE_RANGES,
    IN_NETWORK,
    INSURERS,
    PRESCRIBERS,
    PSYPACT_STATES,
    V,
    plan_states,
)

from .common import _round5, _weighted


class PracticeMixin:
    """Part of Generator (generator.py): how a listing practises: clinical focus, offices, fees, fit, freshness and contact."""

    def clinical(self, listing):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        prescriber = t["profession"] in PRESCRIBERS
        adaptations = []
        for slug, chance in (
            ("perinatal", 0.12),
            ("ipt-a", 0.12),
            ("ipt-ptsd", 0.08),
            ("ipc", 0.06),
            ("ipsrt", 0.2 if prescriber else 0.05),
            ("eating-disorders", 0.05),
            ("older-adults", 0.08),
        ):
            if r.random() < chance:
                adaptations.append(slug)
        t["offers_individual"] = True
        t["offers_group"] = r.random() < 0.1
        t["offers_couples"] = t["profession"] == Profession.MARRIAGE_FAMILY or r.random() < 0.06
        if t["offers_group"]:
            adaptations.append("group")
        t["offers_maintenance"] = r.random() < 0.4
        t["maintenance_frequency"] = self.frequency.draw() if t["offers_maintenance"] else ""
        if t["offers_maintenance"] and r.random() < 0.8:
            adaptations.append("maintenance")
        m2m["adaptations"] = adaptations
        if "perinatal" in adaptations and r.random() < 0.5:
            licensed = listing.credentials[0]["issued_on"]
            issued = self.between(licensed, self.days_ago(60, 1500))
            listing.credentials.append(
                self.credential(
                    CredentialKind.CERTIFICATION,
                    "Certified in Perinatal Mental Health (PMH-C)",
                    "postpartum-support-international",
                    issued,
                    {V.VERIFIED: 55, V.UNVERIFIED: 45},
                    number=self.number("postpartum-support-international", "", "PMH-C {n}"),
                    expires_on=self.renewal(issued, 2, 0.1),
                )
            )

        conditions = ["depression"] if r.random() < 0.95 else []
        for slug, chance in CONDITION_WEIGHTS.items():
            if r.random() < chance:
                conditions.append(slug)
        conditions += [ADAPTATION_CONDITIONS[a] for a in adaptations if a in ADAPTATION_CONDITIONS]
        if len(conditions) < 2:
            conditions.append(r.choice(["anxiety", "grief", "life-transitions"]))
        m2m["conditions"] = list(dict.fromkeys(conditions))

        ages = ["adults"]
        if r.random() < 0.6:
            ages.insert(0, "young-adults")
        if "ipt-a" in adaptations:
            ages.insert(0, "adolescents")
            if r.random() < 0.2:
                ages.insert(0, "children")
        if "older-adults" in adaptations or r.random() < 0.2:
            ages.append("older-adults")
        m2m["age_groups"] = ages

        low, high = _weighted(
            r, {(12, 16): 65, (12, 12): 5, (16, 16): 5, (12, 20): 8, (8, 12): 7, (10, 16): 5}
        )
        if "ipc" in adaptations and r.random() < 0.5:
            low, high = 3, 8
        t["course_sessions_min"], t["course_sessions_max"] = low, high
        t["session_minutes"] = _weighted(r, {50: 70, 45: 10, 55: 5, 60: 15})
        t["medication"] = Medication.PRESCRIBES if prescriber else self.non_prescriber.draw()

    def where(self, listing, metro, states, organisation):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        if metro is None:
            t["telehealth_video"] = r.random() < 0.9
            t["telehealth_phone"] = not t["telehealth_video"] or r.random() < 0.5
        else:
            t["telehealth_video"] = r.random() < 0.75
            t["telehealth_phone"] = r.random() < (0.35 if t["telehealth_video"] else 0.1)
        tele = t["telehealth_video"] or t["telehealth_phone"]
        if tele:
            tele_states = list(states)
            if any(c["issuer"] == "psypact" for c in listing.credentials):
                tele_states += r.sample(PSYPACT_STATES, r.randint(6, 20))
            m2m["telehealth_states"] = list(dict.fromkeys(tele_states))
            if t["telehealth_video"] and r.random() < 0.7:
                m2m["adaptations"].append("remote")
        t["evening_hours"] = r.random() < 0.4
        t["weekend_hours"] = r.random() < 0.15
        if metro is None:
            return
        offices = []
        if organisation is not None:
            m2m["organisations"] = [organisation.slug]
            office = metro.offices[organisation.office]
            offices.append((organisation.name, organisation.street, office))
        if not offices or r.random() < 0.25:
            office = r.choice(metro.offices)
            street = f"{r.randint(10, 3999)} {r.choice(metro.streets)}"
            if r.random() < 0.6:
                street += f", Suite {r.randint(1, 12)}{r.choice(['00', '01', '10', '20', '05'])}"
            offices.append((f"{office.neighbourhood} office", street, office))
        if len(offices) == 1 and r.random() < 0.15:
            office = r.choice(metro.offices)
            offices.append(
                (
                    f"{office.neighbourhood} office",
                    f"{r.randint(10, 3999)} {r.choice(metro.streets)}",
                    office,
                )
            )
        for i, (label, street, office) in enumerate(offices):
            if not (organisation and i == 0) and len(offices) == 1 and r.random() < 0.5:
                label = ""
            wheelchair = self.wheelchair.draw()
            source = self.access_source.draw() if wheelchair != Wheelchair.UNKNOWN else ""
            confirmed = None
            if source and (source != AccessConfirmedBy.SELF_REPORTED or r.random() < 0.5):
                confirmed = self.between(self.created, self.anchor)
            listing.locations.append(
                {
                    "label": label,
                    "street": street,
                    "city": metro.city,
                    "state": metro.state,
                    "postal_code": office.postal_code,
                    "country": "US",
                    "latitude": Decimal(f"{office.latitude + r.uniform(-0.008, 0.008):.6f}"),
                    "longitude": Decimal(f"{office.longitude + r.uniform(-0.008, 0.008):.6f}"),
                    "wheelchair": wheelchair,
                    "wheelchair_confirmed_by": source,
                    "wheelchair_confirmed_on": confirmed,
                }
            )

    def fees(self, listing, metro, states, organisation):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        profession = t["profession"]
        low, high = FEE_RANGES[profession]
        cost = metro.cost if metro else 1.0
        fee = min(300, max(90, _round5(r.randint(low, high) * cost)))
        free_clinic = organisation is not None and organisation.cost_policy == CostPolicy.FREE
        if free_clinic and r.random() < 0.5:
            fee = None
        t["fee"] = fee
        consultation = self.consultation.draw()
        t["consultation"] = consultation
        t["consultation_fee"] = None
        t["consultation_minutes"] = None
        if consultation == Consultation.FREE:
            t["consultation_minutes"] = _weighted(r, {15: 50, 20: 40, 30: 10})
        elif consultation == Consultation.PAID:
            t["consultation_fee"] = _round5(r.randint(60, 150))
            t["consultation_minutes"] = r.choice((30, 45, 50))

        sliding = fee is not None and r.random() < (0.5 if organisation else 0.35)
        t["sliding_scale"] = sliding
        t["sliding_scale_min_fee"] = None
        if sliding:
            minimum = min(fee, _round5(r.randint(30, 80)))
            t["sliding_scale_min_fee"] = minimum
            if r.random() < 0.7:
                listing.tiers = self.tiers(fee, minimum)

        plans = []
        if r.random() < IN_NETWORK[profession] or (organisation and r.random() < 0.5):
            eligible = []
            for insurer, _, insurer_plans in INSURERS:
                for slug, _, limit in insurer_plans:
                    only, never = plan_states(limit)
                    if only is not None and not any(s in only for s in states):
                        continue
                    if never and all(s in never for s in states):
                        continue
                    eligible.append((insurer, slug))
            medicaid = [p for p in eligible if p[0] == "medicaid"]
            plans = r.sample(eligible, min(len(eligible), r.randint(1, 5)))
            if medicaid and organisation and organisation.cost_policy != CostPolicy.STANDARD:
                plans.append(medicaid[0])
        m2m["insurance_plans"] = list(dict.fromkeys(plans))
        t["superbills"] = r.random() < (0.3 if plans else 0.75)
        methods = []
        for slug, chance in (
            ("card", 0.95),
            ("hsa-fsa", 0.6),
            ("cash", 0.15),
            ("check", 0.25),
            ("bank-transfer", 0.1),
        ):
            if r.random() < chance:
                methods.append(slug)
        m2m["payment_methods"] = methods or ["card"]
        t["cancellation_policy"] = r.choice(CANCELLATIONS) if r.random() < 0.9 else ""

    def tiers(self, fee, minimum):
        """Sliding-scale tiers: fees rise with income within each household range."""
        r = self.rng
        if r.random() < 0.5:
            groups = [((1, None), 1.0)]
            bounds = r.choice(((30000, 50000, 75000), (25000, 45000, 70000, 100000)))
        else:
            groups = [((1, 2), 1.0), ((3, None), 1.5)]
            bounds = (30000, 50000, 70000)
        steps = len(bounds)
        top = max(minimum, _round5(fee * r.uniform(0.7, 0.9)))
        fees = [_round5(minimum + (top - minimum) * i / (steps - 1)) for i in range(steps)]
        tiers = []
        for (household_min, household_max), scale in groups:
            edges = [0] + [int(round(b * scale, -3)) for b in bounds]
            for i in range(steps):
                tiers.append(
                    {
                        "income_min": edges[i],
                        "income_max": edges[i + 1],
                        "household_min": household_min,
                        "household_max": household_max,
                        "fee": fees[i],
                    }
                )
        return tiers

    def fit(self, listing, heritage_key):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        traits = [
            r.choice(["direct", "gentle", "structured", "flexible", "collaborative"]),
            r.choice(["warm", "calm", "pragmatic", "reflective", "humorous"]),
        ]
        faith = t["faith"]
        values = []
        if faith in ("christian", "jewish", "muslim", "hindu", "sikh", "buddhist") and (
            r.random() < 0.4
        ):
            values.append("faith-integrated")
        if faith == "none" and r.random() < 0.5:
            values.append("secular")
        if heritage_key != "anglo" and r.random() < 0.3:
            values.append("culturally-grounded")
        family = {"ipt-a", "perinatal"} & set(m2m["adaptations"]) or t["offers_couples"]
        if family and r.random() < 0.4:
            values.append("family-centred")
        if r.random() < 0.12:
            values.append("social-justice")
        if r.random() < 0.1:
            values.append("feminist")
        m2m["traits"] = traits + values

        languages = m2m["languages"]
        ethnicities = m2m["ethnicities"]
        gender_diverse = t["gender"] not in (Gender.WOMAN, Gender.MAN, "")
        chances = {
            "lgbtq": 0.8 if t["lgbtq"] else 0.15,
            "trans-nonbinary": 0.9 if gender_diverse or t["transgender"] else 0.06,
            "bipoc": 0.5 if any(e != "white" for e in ethnicities) else 0.08,
            "black": 0.6 if "black" in ethnicities else 0.02,
            "latinx": 0.7
            if heritage_key in ("hispanic", "brazilian")
            else (0.3 if "es" in languages else 0.02),
            "asian-american": 0.6 if "asian" in ethnicities else 0.02,
            "indigenous": 0.8
            if heritage_key == "native"
            else (0.3 if heritage_key == "pacific" else 0.01),
            "immigrants-refugees": 0.35 if len(languages) > 1 else 0.05,
            "veterans": 0.6 if any(p[0] == "tricare" for p in m2m["insurance_plans"]) else 0.08,
            "faith": 0.9 if "faith-integrated" in values else 0.03,
            "disability": 1.0 if "ase" in languages else 0.06,
            "neurodivergent": 0.08,
            "new-parents": 0.9 if "perinatal" in m2m["adaptations"] else 0.03,
            "students": 0.25 if "young-adults" in m2m["age_groups"] else 0.02,
        }
        m2m["communities"] = [slug for slug, chance in chances.items() if r.random() < chance]

    def freshness(self, listing, status):
        r, t = self.rng, listing.therapist
        t["accepting"] = self.accepting.draw()
        roll = r.random()
        if roll < 0.8:
            t["accepting_confirmed_on"] = self.days_ago(0, 85)
        elif roll < 0.97:
            t["accepting_confirmed_on"] = self.days_ago(95, 420)
        else:
            t["accepting_confirmed_on"] = None
        created = self.created
        if status in (Status.DRAFT, Status.PENDING):
            t["reviewed_on"] = None
        else:
            t["reviewed_on"] = max(created, self.days_ago(3, 400))
        t["confirmed_on"] = max(created, self.days_ago(0, 200)) if r.random() < 0.95 else None
        t["curator_notes"] = ""
        if status == Status.PUBLISHED and r.random() < 0.15:
            t["curator_notes"] = r.choice(CURATOR_NOTES)
        elif status == Status.DRAFT:
            t["curator_notes"] = "Started by the therapist; not yet submitted."
        elif status == Status.PENDING:
            t["curator_notes"] = "Submitted for review; licence not yet checked."
        elif status == Status.SUSPENDED:
            t["curator_notes"] = r.choice(
                (
                    "Suspended: licence lapsed and no renewal on record.",
                    "Suspended at the therapist's request while on leave.",
                )
            )
            if t["curator_notes"].startswith("Suspended: licence"):
                licence = listing.credentials[0]
                licence["expires_on"] = self.days_ago(30, 120)
        t["created_at"] = self.moment(created)
        touched = max(created, t["confirmed_on"] or created, t["reviewed_on"] or created)
        t["updated_at"] = self.moment(touched)
        if t["updated_at"] < t["created_at"]:
            t["updated_at"] = t["created_at"]

    def contact(self, listing, first, last, metro, home):
        r, t = self.rng, listing.therapist
        first_word = slugify(first.split()[0]).replace("-", "")
        last_word = slugify(last).replace("-", "")
        domain = r.choice(
            (
                f"{last_word}therapy.example",
                f"{first_word}{last_word}.example",
                f"{first_word}{last_word}counseling.example",
                f"{last_word}ipt.example",
            )
        )
        if t["profession"] == Profession.PSYCHOLOGIST and r.random() < 0.4:
            domain = f"dr{last_word}.example"
        t["email"] = f"{r.choice((first_word, 'hello', 'office'))}@{domain}"
        area = metro.area_code if metro else AREA_CODES[home]
        t["phone"] = f"({area}) 555-01{r.randint(0, 99):02d}" if r.random() < 0.9 else ""
        t["website"] = f"https://www.{domain}/" if r.random() < 0.8 else ""
        t["booking_url"] = f"https://www.{domain}/book" if t["website"] and r.random() < 0.4 else ""

    def problem_areas(self, listing):
        r = self.rng
        areas = r.sample(list(ProblemArea), _weighted(r, {2: 60, 3: 28, 4: 12}))
        listing.problem_areas = [
            {"area": area, "experience": r.choice(list(Experience))} for area in sorted(areas)
        ]
