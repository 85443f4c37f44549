"""Licences, degrees, IPT certifications and trainings, with their verification."""

import datetime

from ipt_finder.directory.choices import (
    LEVELS,
    CredentialKind,
    IPTBody,
    LicenceType,
    Profession,
    Verification,
)
from ipt_finder.directory.demo.data import (
    BODY_BY_SLUG,
    CERTIFICATE_CHECKS,
    COACH_CHECKS,
    CULTURAL_CHECKS,
    CULTURAL_COURSES,
    DEGREE_CHECKS,
    DEGREES,
    LICENCE_CHECKS,
    LICENCE_PREFIXES,
    LICENCE_TITLES,
    PROGRAMME,
    TRAINING_CHECKS,
    TRAINING_HOURS,
    TRAINING_SOURCE,
    UNIVERSITIES,
    WORKSHOP_HOSTS,
    L,
    board_for,
)

from .common import _weighted, add_years


class CredentialsMixin:
    """Part of Generator (generator.py): licences, degrees, IPT certifications and trainings, with their verification."""

    def renewal(self, issued, years, lapse=0.05):
        """The end of the renewal cycle after the anchor, or (lapsed) the one before it."""
        expiry = issued
        while expiry <= self.anchor:
            expiry = add_years(expiry, years)
        lapsed = add_years(expiry, -years)
        if lapsed > issued and self.rng.random() < lapse:
            return lapsed
        return expiry

    def number(self, issuer, jurisdiction, style):
        """A credential number unique per issuer and jurisdiction."""
        if self.serial is not None:
            prefix = style.split("{")[0].rstrip("- ") or "N"
            return f"{prefix}-B{self.serial:07d}"
        while True:
            value = style.format(n=self.rng.randint(10000, 999999))
            if (issuer, jurisdiction, value) not in self.numbers:
                self.numbers.add((issuer, jurisdiction, value))
                return value

    def verification(self, weights, checked_after, source):
        """Verification fields for a credential or training."""
        status = _weighted(self.rng, weights)
        fields = {
            "verification": status,
            "verified_by": None,
            "verified_at": None,
            "verification_source": "",
        }
        if status != Verification.UNVERIFIED:
            day = self.between(min(max(checked_after, self.created), self.anchor), self.anchor)
            fields["verification_source"] = source
            if status == Verification.VERIFIED:
                fields["verified_at"] = self.moment(day)
        return fields

    def credential(self, kind, title, issuer, issued, checks, **fields):
        """A credential row; `fields` may give number, jurisdiction, expires_on and source."""
        source = fields.pop("source", None) or BODY_BY_SLUG[issuer].url
        return {
            "kind": kind,
            "title": title,
            "number": fields.get("number", ""),
            "issuer": issuer,
            "jurisdiction": fields.get("jurisdiction", ""),
            "issued_on": issued,
            "expires_on": fields.get("expires_on"),
            **self.verification(checks, issued, source),
        }

    def credentials(self, listing, states, licence_types, practice_start, degree_day, metro):
        r, t = self.rng, listing.therapist
        profession = t["profession"]
        creds = listing.credentials
        for i, (state, licence_type) in enumerate(zip(states, licence_types, strict=True)):
            board = board_for(state, licence_type)
            issued = (
                practice_start if i == 0 else self.between(practice_start, self.days_ago(60, 400))
            )
            if r.random() < 0.07:
                expires = self.anchor - datetime.timedelta(days=r.randint(10, 300))
                expires = max(expires, issued + datetime.timedelta(days=365))
            else:
                expires = self.anchor + datetime.timedelta(days=r.randint(20, 730))
            prefix = LICENCE_PREFIXES[licence_type]
            style = {"NY": "{n:06d}", "TX": "{n}"}.get(state, prefix + "{n}")
            if state == "CA":
                style = prefix + " {n}"
            creds.append(
                self.credential(
                    CredentialKind.LICENCE,
                    LICENCE_TITLES[licence_type],
                    board.slug,
                    issued,
                    LICENCE_CHECKS,
                    number=self.number(board.slug, state, style),
                    jurisdiction=state,
                    expires_on=expires,
                )
            )
        # The degree, from a local university when there is one with the programme.
        letter = PROGRAMME[profession]
        if t["licence_type"] == LicenceType.DO:
            letter = "O"
        schools = [u for u in UNIVERSITIES if letter in u.covers]
        local = [u for u in schools if u.jurisdiction == states[0]]
        school = r.choice(local if local and r.random() < 0.6 else schools)
        title = r.choice(DEGREES[t["licence_type"]])
        creds.append(
            self.credential(
                CredentialKind.DEGREE,
                title,
                school.slug,
                degree_day,
                DEGREE_CHECKS,
                source="National Student Clearinghouse DegreeVerify",
            )
        )
        # "the University of Washington", but "Columbia University"
        the = "the " if school.name.startswith("University") else ""
        listing.university = f"{the}{school.name}"
        for body, title, style, issued, years in self.certifications(listing, metro):
            creds.append(
                self.credential(
                    CredentialKind.CERTIFICATION,
                    title,
                    body,
                    issued,
                    CERTIFICATE_CHECKS,
                    number=self.number(body, "", style) if style else "",
                    expires_on=self.renewal(issued, years, 0.08) if years else None,
                )
            )
        if r.random() < 0.03:
            creds.append(
                self.credential(
                    CredentialKind.CERTIFICATION,
                    "Certified Relationship Coach",
                    "holistic-life-coaching-academy",
                    self.days_ago(200, 2000),
                    COACH_CHECKS,
                    source="Not a clinical credential; the issuer is not accredited.",
                )
            )

    def certifications(self, listing, metro):
        """(issuer, title, number style, issued, renewal years) for optional certifications."""
        r, t = self.rng, listing.therapist
        profession = t["profession"]
        years = t["years_in_practice"]
        licensed = listing.credentials[0]["issued_on"]

        def since(low, high):
            return self.between(licensed, self.days_ago(low, high))

        certs = []
        if profession == Profession.COUNSELOR and r.random() < 0.4:
            certs.append(("nbcc", "National Certified Counselor (NCC)", "{n}", since(100, 3000), 5))
        if profession == Profession.PSYCHOLOGIST:
            if metro is None or r.random() < 0.3:
                certs.append(
                    (
                        "psypact",
                        "Authority to Practice Interjurisdictional Telepsychology (APIT)",
                        "APIT-{n}",
                        since(60, 1500),
                        1,
                    )
                )
            if years >= 8 and r.random() < 0.1:
                certs.append(
                    (
                        "abpp",
                        "Board Certified in Clinical Psychology (ABPP)",
                        "{n}",
                        since(400, 3000),
                        0,
                    )
                )
        if profession == Profession.PSYCHIATRIST and r.random() < 0.85:
            certs.append(("abpn", "Diplomate in Psychiatry (ABPN)", "{n}", since(200, 3000), 10))
        if profession == Profession.NURSE_PRACTITIONER and r.random() < 0.9:
            certs.append(
                (
                    "ancc",
                    "Psychiatric-Mental Health Nurse Practitioner (PMHNP-BC)",
                    "2{n:07d}",
                    since(60, 2500),
                    5,
                )
            )
        if profession == Profession.MARRIAGE_FAMILY and years >= 8 and r.random() < 0.3:
            certs.append(("aamft", "AAMFT Approved Supervisor", "", since(300, 2500), 5))
        return certs

    def trainings(self, listing, path, ipt_years, degree_day):
        r = self.rng
        start = (
            self.days_ago(ipt_years * 365, ipt_years * 365 + 200)
            if ipt_years
            else (self.days_ago(20, 300))
        )
        day = max(start, degree_day + datetime.timedelta(days=100))
        last_day = self.anchor - datetime.timedelta(days=7)
        for i, level in enumerate(path):
            if i:
                remaining = (last_day - day).days
                gap = int(remaining / (len(path) - i + 0.5) * r.uniform(0.6, 1.0))
                day = min(last_day, day + datetime.timedelta(days=max(60, gap)))
            body = LEVELS[level][0]
            (low, high), cases = TRAINING_HOURS[level]
            expires = None
            if body == IPTBody.ISIPT and level != L.WORKSHOP and day.year < 2021:
                expires = add_years(day, 5)  # older cycles were renewed every 5 years
            elif body == IPTBody.UK:
                expires = self.renewal(day.replace(month=3, day=31), 1, 0.3)
                if expires <= day:
                    expires = add_years(expires, 1)
            reference = ""
            if body == IPTBody.ISIPT:
                reference = f"ISIPT-{day.year}-{r.randint(100, 9999):04d}"
            elif body == IPTBody.INSTITUTE:
                reference = f"IPTI-{level[-1].upper()}-{r.randint(1000, 99999):05d}"
            elif body == IPTBody.UK:
                reference = f"IPTUK-{r.randint(100, 9999):04d}"
            if body in TRAINING_SOURCE:
                source = TRAINING_SOURCE[body]
            elif level == L.UNIVERSITY_PROGRAMME:
                source = f"Transcript from {listing.university}"
            else:
                source = f"Certificate of attendance, IPT workshop at {r.choice(WORKSHOP_HOSTS)}"
            listing.ipt_trainings.append(
                {
                    "level": level,
                    "completed_on": day,
                    "expires_on": expires,
                    "hours": r.randint(low, high),
                    "supervised_cases": r.randint(*cases) if cases else None,
                    "certificate_reference": reference,
                    **self.verification(TRAINING_CHECKS, day, source),
                }
            )

    def cultural(self, listing):
        r, m2m = self.rng, listing.m2m
        count = _weighted(r, {0: 50, 1: 35, 2: 15})
        matching = [c for c in CULTURAL_COURSES if c[2] in m2m["communities"]]
        chosen = []
        for _ in range(count):
            pool = [c for c in (matching or CULTURAL_COURSES) if c not in chosen]
            if not pool:
                pool = [c for c in CULTURAL_COURSES if c not in chosen]
            chosen.append(r.choice(pool))
        for course, provider, _ in chosen:
            done = self.days_ago(60, 3000)
            expires = None
            if r.random() < 0.2:
                expires = add_years(done, r.choice((2, 3)))
            listing.cultural_trainings.append(
                {
                    "course": course,
                    "provider": provider,
                    "hours": r.choice((3, 4, 6, 8, 12, 16, 20, 24, 40)),
                    "completed_on": done,
                    "expires_on": expires,
                    **self.verification(
                        CULTURAL_CHECKS, done, f"Certificate of completion from {provider}"
                    ),
                }
            )
