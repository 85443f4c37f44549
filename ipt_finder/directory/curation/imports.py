"""CSV import and export of listings.

One row per listing: its own fields, and its links to the vocabularies by
slug (languages and states by code, insurance plans as insurer/plan), several
to a cell separated by ";". Credentials, training and offices carry their own
verification and are added in the admin after an import.

An import is checked whole before anything is written, and then written in
one transaction: one bad row imports nothing. Imported listings await review.

Therapists write the text, so the export keeps a spreadsheet from reading any
cell as a formula (OWASP's CSV injection advice: a leading single quote), and
the import takes that quote off again.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import transaction
from django.forms.models import modelform_factory
from django.utils.text import slugify

from ipt_finder.directory.choices import Status
from ipt_finder.directory.curation import services as curation
from ipt_finder.directory.curation import slugs
from ipt_finder.directory.models import (
    Adaptation,
    AgeGroup,
    Community,
    Condition,
    Ethnicity,
    InsurancePlan,
    Language,
    PaymentMethod,
    State,
    Therapist,
    Trait,
)
from ipt_finder.directory.web.textcheck import CONTROL

MAX_BYTES = 2 * 1024 * 1024
SEPARATOR = ";"

FIELDS = [
    "slug",
    "name",
    "pronouns",
    "profession",
    "licence_type",
    "years_in_practice",
    "bio",
    "approach",
    "first_session",
    "ipt_years",
    "ipt_courses_completed",
    "measures_outcomes",
    "email",
    "phone",
    "website",
    "booking_url",
    "offers_individual",
    "offers_group",
    "offers_couples",
    "course_sessions_min",
    "course_sessions_max",
    "session_minutes",
    "offers_maintenance",
    "maintenance_frequency",
    "medication",
    "gender",
    "gender_description",
    "transgender",
    "lgbtq",
    "ethnicity_description",
    "faith",
    "telehealth_video",
    "telehealth_phone",
    "accepting",
    "accepting_confirmed_on",
    "evening_hours",
    "weekend_hours",
    "fee",
    "consultation",
    "consultation_fee",
    "consultation_minutes",
    "sliding_scale",
    "sliding_scale_min_fee",
    "superbills",
    "cancellation_policy",
    "confirmed_on",
]

# Many-to-many column: (model, how a row is named in the file)
LINKS = {
    "conditions": (Condition, lambda o: o.slug),
    "age_groups": (AgeGroup, lambda o: o.slug),
    "adaptations": (Adaptation, lambda o: o.slug),
    "traits": (Trait, lambda o: o.slug),
    "languages": (Language, lambda o: o.code),
    "communities": (Community, lambda o: o.slug),
    "ethnicities": (Ethnicity, lambda o: o.slug),
    "telehealth_states": (State, lambda o: o.code),
    "insurance_plans": (InsurancePlan, lambda o: f"{o.insurer.slug}/{o.slug}"),
    "payment_methods": (PaymentMethod, lambda o: o.slug),
}
COLUMNS = [*FIELDS, *LINKS]
REQUIRED = {"name", "profession", "licence_type"}
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
EXPORT_CHUNK = 500
BOOLEANS = {
    "true": "true",
    "yes": "true",
    "1": "true",
    "false": "false",
    "no": "false",
    "0": "false",
}


# Export


def cell(therapist, name):
    if name in LINKS:
        _, key = LINKS[name]
        return SEPARATOR.join(sorted(key(o) for o in getattr(therapist, name).all()))
    value = getattr(therapist, name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def export_queryset():
    return (
        Therapist.objects.published()
        .order_by("name", "pk")
        .prefetch_related(*[n for n in LINKS if n != "insurance_plans"], "insurance_plans__insurer")
    )


def neutralise(value):
    """Quote a formula-like cell; one already starting with a quote gets another,
    so that restore() can always take exactly one off."""
    return QUOTE + value if value.startswith((*FORMULA_STARTS, QUOTE)) else value


def restore(value):
    quoted = value.startswith(QUOTE) and value[1:].startswith((*FORMULA_STARTS, QUOTE))
    return value[1:] if quoted else value


class Lines:
    """A file for csv.writer whose write() hands the line back."""

    def write(self, line):
        return line


def csv_lines(therapists):
    """The export, a line at a time, for a streaming response."""
    writer = csv.writer(Lines())
    yield writer.writerow(COLUMNS)
    for therapist in therapists.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow([neutralise(cell(therapist, name)) for name in COLUMNS])


# Import


class KeyListField(forms.Field):
    """A cell of keys separated by ";", each naming a row of one vocabulary."""

    def __init__(self, lookup, noun, **kwargs):
        super().__init__(required=False, **kwargs)
        self.lookup, self.noun = lookup, noun

    def to_python(self, value):
        keys = [k.strip() for k in (value or "").split(SEPARATOR) if k.strip()]
        unknown = [k for k in keys if k not in self.lookup]
        if unknown:
            raise forms.ValidationError(f"Unknown {self.noun}: {', '.join(unknown)}.")
        return [self.lookup[k] for k in keys]


def lookups():
    """Every vocabulary's keys, read once per import rather than once per row."""
    result = {}
    for name, (model, key) in LINKS.items():
        rows = model.objects.select_related("insurer") if model is InsurancePlan else model.objects
        result[name] = {key(o): o.pk for o in rows.all()}
    return result


def import_form_class(columns):
    link_lookups = lookups()
    declared = {
        name: KeyListField(link_lookups[name], Therapist._meta.get_field(name).verbose_name)
        for name in columns
        if name in LINKS
    }
    base = type("ImportFormBase", (forms.ModelForm,), declared)
    return modelform_factory(Therapist, form=base, fields=[c for c in COLUMNS if c in columns])


@dataclass
class Row:
    number: int
    name: str
    form: forms.ModelForm | None = None
    errors: list = field(default_factory=list)  # (column, message)
    slug_given: bool = False


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # with the file as a whole

    @property
    def error_count(self):
        return len(self.problems) + sum(len(r.errors) for r in self.rows)

    @property
    def ok(self):
        return bool(self.rows) and self.error_count == 0


def decode(raw):
    if len(raw) > MAX_BYTES:
        raise ValueError(f"The file is over {MAX_BYTES // (1024 * 1024)} MB; split it.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("The file is not UTF-8 text; save it as “CSV UTF-8”.") from error


def normalise(name, value):
    value = restore((value or "").strip())
    if CONTROL.search(value):
        raise forms.ValidationError("Control characters, such as a NUL byte, can't be in text.")
    kind = Therapist._meta.get_field(name) if name in FIELDS else None
    if kind is not None and kind.get_internal_type() == "BooleanField" and value:
        # The form's checkbox would read any other text, "0" included, as ticked.
        if value.lower() not in BOOLEANS:
            raise forms.ValidationError("Use true or false (or leave it blank).")
        return BOOLEANS[value.lower()]
    return value


def plan_import(text):
    """Read and check every row; nothing is written."""
    plan = ImportPlan()
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        plan.problems.append("The file is empty.")
        return plan
    unknown = [c for c in columns if c not in COLUMNS]
    missing = sorted(REQUIRED - set(columns))
    if unknown:
        plan.problems.append(f"Unknown columns: {', '.join(unknown)}.")
    if missing:
        plan.problems.append(f"Missing columns: {', '.join(missing)}.")
    if plan.problems:
        return plan
    reader.fieldnames = columns
    # A blank or missing slug is made from the name, and checked like a given one.
    form_class = import_form_class({*columns, "slug"})
    slugs = set()
    # Row 1 is the header, so the first listing is row 2, as in a spreadsheet.
    for number, record in enumerate(reader, start=2):
        if None in record:
            plan.rows.append(Row(number, "", errors=[("", "More cells than columns.")]))
            continue
        row = Row(number, (record.get("name") or "").strip())
        data = {}
        for name in columns:
            try:
                data[name] = normalise(name, record[name])
            except forms.ValidationError as error:
                row.errors.append((name, error.messages[0]))
        row.slug_given = bool(data.get("slug"))
        if not row.slug_given:
            data["slug"] = slugify(row.name)[:140]
        row.form = form_class(data=data)
        row.form.instance.status = Status.PENDING
        if row.form.is_valid() and data["slug"] in slugs:
            row.form.add_error("slug", "Another row in this file has the same slug.")
        slugs.add(data["slug"])
        for column, messages in row.form.errors.items():
            row.errors.extend((column if column != "__all__" else "", m) for m in messages)
        plan.rows.append(row)
    if not plan.rows:
        plan.problems.append("The file has a header but no listings.")
    return plan


@transaction.atomic
def run_import(plan, user, filename):
    """Write every listing of a checked plan, or none."""
    if not plan.ok:
        raise ValueError("Only a plan without errors can be imported.")
    created = []
    for row in plan.rows:
        therapist = row.form.save(commit=False)
        therapist.status = Status.PENDING
        try:
            slugs.save_new_listing(therapist, keep_slug=row.slug_given)
        except slugs.SlugTaken as error:
            raise slugs.SlugTaken(f"Row {row.number}: {error} Nothing was imported.") from None
        row.form.save_m2m()
        curation.record_new_listing(therapist, f"Imported from {filename}", user)
        created.append(therapist)
    LogEntry.objects.log_actions(
        user.pk,
        Therapist.objects.filter(pk__in=[t.pk for t in created]),
        ADDITION,
        change_message=f"Imported from {filename}",
    )
    return created
