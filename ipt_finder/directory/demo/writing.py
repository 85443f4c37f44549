"""The listing's own words: bio, approach, first session and cancellation policy."""

from ipt_finder.directory.choices import (
    Consultation,
    Status,
)
from ipt_finder.directory.demo.data import (
    ADAPTATION_LINES,
    AGE_PHRASES,
    CLOSERS,
    CONDITION_PHRASES,
    FIRST_SESSIONS,
    FOCUS,
    FREQUENCY_WORDS,
    HOBBIES,
    IPT_LINES,
    LANGUAGE_NAMES,
    MAINTENANCE_LINES,
    MEASURES,
    MEDICATION_LINES,
    NOUNS,
    OPENERS,
    PHASES,
    SEASONED_IPT_LINES,
    STYLE_LINES,
    TRAIT_WORDS,
)

from .common import _join


class WritingMixin:
    """Part of Generator (generator.py): the listing's own words: bio, approach, first session and cancellation policy."""

    def texts(self, listing, metro, heritage_key):
        r, t, m2m = self.rng, listing.therapist, listing.m2m
        noun = r.choice(NOUNS[t["profession"]])
        conditions = [c for c in m2m["conditions"] if c != "depression"] or ["anxiety"]
        cond1 = "depression" if "depression" in m2m["conditions"] else conditions[0]
        overlapping = {"depression", "postpartum-depression", "dysthymia"}
        cond2 = r.choice(
            [c for c in conditions if not {c, cond1} <= overlapping and c != cond1] or ["grief"]
        )
        context = {
            "article": "an" if noun[0] in "aeiou" else "a",
            "noun": noun,
            "place": f"in {metro.city}" if metro else "working entirely online",
            "practice": f"in private practice in {metro.city}"
            if metro
            else "in a fully online practice",
            "years": t["years_in_practice"],
            "since": self.anchor.year - t["years_in_practice"],
            "university": listing.university,
            "ages": _join(AGE_PHRASES[a] for a in m2m["age_groups"]),
            "cond1": CONDITION_PHRASES[cond1],
            "cond2": CONDITION_PHRASES[cond2],
            "min": t["course_sessions_min"],
            "max": t["course_sessions_max"],
            "ipt_years": t["ipt_years"],
            "courses": t["ipt_courses_completed"],
            "minutes": t["session_minutes"],
            "freq": FREQUENCY_WORDS.get(t["maintenance_frequency"], ""),
        }
        ipt_lines = list(IPT_LINES)
        if t["ipt_years"] >= 3 and t["ipt_courses_completed"] >= 20:
            ipt_lines += SEASONED_IPT_LINES
        middle = [r.choice(FOCUS), r.choice(ipt_lines)]
        if r.random() < 0.3:
            middle.reverse()
        special = [a for a in m2m["adaptations"] if a in ADAPTATION_LINES]
        if special:
            middle.append(r.choice(ADAPTATION_LINES[r.choice(special)]))
        personal = []
        others = [LANGUAGE_NAMES[c] for c in m2m["languages"] if c != "en"]
        if others and r.random() < 0.8:
            personal.append(
                r.choice(
                    (
                        f"I offer sessions in {_join(['English', *others])}.",
                        f"I'm happy to work in {_join(others)} or English, "
                        "whichever feels more natural.",
                    )
                )
            )
        if heritage_key != "anglo" and m2m["ethnicities"] and r.random() < 0.35:
            personal.append(
                r.choice(
                    (
                        "As the child of immigrants, I know how much family expectations and "
                        "cultural change can shape what people bring to therapy.",
                        "Sharing some of my clients' background means certain things don't need "
                        "explaining, though I never assume I know your experience.",
                    )
                )
            )
        if t["lgbtq"] and r.random() < 0.5:
            personal.append(
                "As a queer therapist, I offer an affirming space for LGBTQ+ clients and their "
                "families."
            )
        if r.random() < 0.35:
            personal.append(f"Outside work I {r.choice(HOBBIES)}.")
        bio = [r.choice(OPENERS), *middle, *personal]
        if r.random() < 0.5:
            bio.append(r.choice(CLOSERS))

        approach = [r.choice(PHASES)]
        if t["measures_outcomes"]:
            approach.append(r.choice(MEASURES))
        approach.append(r.choice(MEDICATION_LINES[t["medication"]]))
        if t["offers_maintenance"]:
            approach.append(r.choice(MAINTENANCE_LINES))
        styles = [TRAIT_WORDS[s] for s in m2m["traits"] if s in TRAIT_WORDS]
        if len(styles) >= 2 and r.random() < 0.6:
            approach.append(
                r.choice(STYLE_LINES).replace("{t1}", styles[0]).replace("{t2}", styles[1])
            )
        if t["offers_couples"] and r.random() < 0.6:
            approach.append(
                "I also see couples when a dispute between partners is the focus, using a "
                "conjoint form of IPT."
            )

        first = [r.choice(FIRST_SESSIONS)]
        if t["consultation"] == Consultation.FREE and r.random() < 0.6:
            first.append(
                f"If you'd like to talk first, I offer a free {t['consultation_minutes']}-minute "
                "phone consultation."
            )
        if metro is None:
            first.append(
                "Sessions are by secure video, and all you need is a private space and a "
                "phone or laptop."
                if t["telehealth_video"]
                else "Sessions are by phone, so all you need is somewhere private to talk."
            )
        if t["status"] == Status.DRAFT and r.random() < 0.7:
            approach, first = [], []
        t["bio"] = " ".join(bio).format(**context)
        t["approach"] = " ".join(approach).format(**context)
        t["first_session"] = " ".join(first).format(**context)
