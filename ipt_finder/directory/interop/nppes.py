"""Read a saved NPPES file and propose, for curators, what differs from our listings.

Reads an NPPES NPI Registry API (version 2.1) JSON response, or a CSV in the
NPPES downloadable file's layout. Listings are matched by NPI. Nothing on a
listing is changed: each difference becomes part of a Report that curators
check, as they would a visitor's, so verified data is never overwritten.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.db import transaction

from ipt_finder.directory.models import Report, Therapist

from .npi import is_valid_npi
from .sources import NUCC

MAX_BYTES = 20 * 1024 * 1024
SOURCE = "NPPES import"
CSV_TAXONOMIES = 15


class BadFile(ValueError):
    pass


@dataclass
class Licence:
    code: str
    number: str
    state: str


@dataclass
class Provider:
    npi: str
    name: str
    phone: str = ""
    primary_taxonomy: str = ""
    licences: list[Licence] = field(default_factory=list)


def digits(text):
    return re.sub(r"\D", "", text or "")


def from_api(result):
    basic = result.get("basic") or {}
    location = next(
        (a for a in result.get("addresses") or [] if a.get("address_purpose") == "LOCATION"), {}
    )
    taxonomies = result.get("taxonomies") or []
    return Provider(
        npi=str(result.get("number", "")).strip(),
        name=" ".join(p for p in (basic.get("first_name"), basic.get("last_name")) if p),
        phone=location.get("telephone_number") or "",
        primary_taxonomy=next((t.get("code", "") for t in taxonomies if t.get("primary")), ""),
        licences=[
            Licence(t.get("code", ""), str(t["license"]).strip(), t.get("state") or "")
            for t in taxonomies
            if t.get("license")
        ],
    )


def from_csv_row(row):
    def cell(name):
        return (row.get(name) or "").strip()

    licences, primary = [], ""
    for n in range(1, CSV_TAXONOMIES + 1):
        code = cell(f"Healthcare Provider Taxonomy Code_{n}")
        if cell(f"Healthcare Provider Primary Taxonomy Switch_{n}") == "Y":
            primary = code
        if number := cell(f"Provider License Number_{n}"):
            licences.append(Licence(code, number, cell(f"Provider License Number State Code_{n}")))
    return Provider(
        npi=cell("NPI"),
        name=f"{cell('Provider First Name')} {cell('Provider Last Name (Legal Name)')}".strip(),
        phone=cell("Provider Business Practice Location Address Telephone Number"),
        primary_taxonomy=primary,
        licences=licences,
    )


def read(raw):
    """The providers in a saved file, or BadFile with a one-line reason."""
    if len(raw) > MAX_BYTES:
        raise BadFile(f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadFile("The file is not UTF-8 text.") from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BadFile(f"The JSON is not valid: {error}.") from None
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise BadFile("The JSON is not an NPPES API response: it has no list of results.")
        providers = [from_api(result) for result in results]
    else:
        rows = csv.DictReader(io.StringIO(text))
        if "NPI" not in (rows.fieldnames or []):
            raise BadFile("The file is neither an NPPES API response nor a CSV with an NPI column.")
        providers = [from_csv_row(row) for row in rows]
    for number, provider in enumerate(providers, start=1):
        if not is_valid_npi(provider.npi):
            raise BadFile(f"Record {number}: “{provider.npi}” is not a valid NPI.")
    return providers


def differences(provider, therapist):
    """What NPPES says that the listing does not, one sentence each."""
    found = []
    if provider.phone and digits(provider.phone) != digits(therapist.phone):
        found.append(
            f"NPPES lists the practice phone {provider.phone}; "
            f"the listing has {therapist.phone or 'none'}."
        )
    held = {(digits(c.number) or c.number.lower(), c.jurisdiction)
            for c in therapist.credentials.all()}  # fmt: skip
    for licence in provider.licences:
        if (digits(licence.number) or licence.number.lower(), licence.state) not in held:
            found.append(
                f"NPPES lists licence {licence.number} in {licence.state or 'no state'} "
                f"(taxonomy {licence.code}); the listing has no credential with that number."
            )
    expected = NUCC.get(therapist.profession, ("", ""))[0]
    if provider.primary_taxonomy and provider.primary_taxonomy != expected:
        found.append(
            f"NPPES's primary taxonomy is {provider.primary_taxonomy}; the listing's profession, "
            f"{therapist.get_profession_display().lower()}, is {expected}."
        )
    return found


@dataclass
class Proposal:
    therapist: Therapist
    lines: list[str]

    @property
    def message(self):
        return "\n".join(self.lines)[:2000]

    @property
    def topic(self):
        if any("licence" in line or "taxonomy" in line for line in self.lines):
            return Report.Topic.CREDENTIALS
        return Report.Topic.CONTACT


def propose(providers):
    """(proposals for matched listings, NPIs not in the directory)."""
    by_npi = {
        t.npi: t
        for t in Therapist.objects.filter(npi__in=[p.npi for p in providers]).prefetch_related(
            "credentials"
        )
    }
    proposals = []
    for provider in providers:
        therapist = by_npi.get(provider.npi)
        if therapist and (lines := differences(provider, therapist)):
            proposals.append(Proposal(therapist, lines))
    unmatched = [p.npi for p in providers if p.npi not in by_npi]
    return proposals, unmatched


@transaction.atomic
def file_reports(proposals, source):
    """One open report per proposal, all or none; a report already open is not filed twice."""
    filed = []
    for proposal in proposals:
        duplicate = Report.objects.filter(
            therapist=proposal.therapist, status=Report.Status.OPEN, message=proposal.message
        ).exists()
        if not duplicate:
            filed.append(
                Report.objects.create(
                    therapist=proposal.therapist,
                    topic=proposal.topic,
                    message=proposal.message,
                    contact=f"{SOURCE}: {source}"[:200],
                )
            )
    return filed
