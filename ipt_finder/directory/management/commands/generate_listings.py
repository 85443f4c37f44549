import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from ipt_finder.directory import models
from ipt_finder.directory.demo.data import INSURERS, ISSUING_BODIES, METROS
from ipt_finder.directory.demo.generator import Generator

MAX_LISTINGS = 1_000_000
PREFIX = "bench-"
SERIAL_DIGITS = 7  # bench-0000001-...; fixed width so the slugs sort by number
VOCABULARIES = {
    "conditions": models.Condition,
    "age_groups": models.AgeGroup,
    "adaptations": models.Adaptation,
    "communities": models.Community,
    "traits": models.Trait,
    "ethnicities": models.Ethnicity,
    "payment_methods": models.PaymentMethod,
}
CHILDREN = {
    "credentials": models.Credential,
    "ipt_trainings": models.IPTTraining,
    "cultural_trainings": models.CulturalTraining,
    "locations": models.Location,
    "tiers": models.SlidingScaleTier,
    "problem_areas": models.ProblemAreaExperience,
}


def _through(name):
    field = models.Therapist._meta.get_field(name)
    return field.remote_field.through, f"{field.m2m_reverse_field_name()}_id"


# M2M field -> (through model, its column for the other side). Benchmark rows join no
# organisations.
THROUGH = {
    name: _through(name)
    for name in (*VOCABULARIES, "languages", "telehealth_states", "insurance_plans")
}


def analyze():
    """Refresh PostgreSQL's planner statistics for the tables this command fills.

    Without them (autovacuum may be off, or behind a bulk load) the summary trigger's
    lookups are planned for empty tables, and every batch is slower than the last.
    """
    if connection.vendor != "postgresql":
        return
    tables = [models.Therapist, *CHILDREN.values(), *(through for through, _ in THROUGH.values())]
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")


def next_serial():
    """One more than the highest bench- serial in use."""
    slugs = (
        models.Therapist.objects.filter(
            slug__startswith=PREFIX, slug__regex=rf"^{PREFIX}[0-9]{{{SERIAL_DIGITS}}}-"
        )
        .order_by("-slug")
        .values_list("slug", flat=True)
    )
    last = slugs.first()
    return int(last[len(PREFIX) : len(PREFIX) + SERIAL_DIGITS]) + 1 if last else 1


def reserve_ids(count):
    """`count` unused listing ids, in order, so rows can name their listing before it exists."""
    table = connection.ops.quote_name(models.Therapist._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [models.Therapist._meta.db_table, count],
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        # SQLite: a clashing writer would make the batch's insert fail, not go wrong.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0), COALESCE("
            "(SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [models.Therapist._meta.db_table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def insert(model, objs):
    """Insert `objs` with COPY on PostgreSQL, which parses far less than a multi-row INSERT
    (triggers fire for it all the same), and with bulk_create elsewhere."""
    if connection.vendor != "postgresql" or not objs:
        model.objects.bulk_create(objs)
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.generated and not (field.primary_key and objs[0].pk is None)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for obj in objs:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
            )


def ensure_references():
    """Create the demo's issuing bodies, insurers and plans if they are missing.

    Returns the lookups from the generator's keys to primary keys.
    """
    have = set(models.IssuingBody.objects.values_list("slug", flat=True))
    models.IssuingBody.objects.bulk_create(
        models.IssuingBody(
            slug=body.slug,
            name=body.name,
            kind=body.kind,
            jurisdiction=body.jurisdiction,
            accredited=body.accredited,
            lookup_url=body.url,
        )
        for body in ISSUING_BODIES
        if body.slug not in have
    )
    have = set(models.Insurer.objects.values_list("slug", flat=True))
    models.Insurer.objects.bulk_create(
        models.Insurer(slug=slug, name=name, position=position)
        for position, (slug, name, _) in enumerate(INSURERS)
        if slug not in have
    )
    insurers = dict(models.Insurer.objects.values_list("slug", "pk"))
    have = set(models.InsurancePlan.objects.values_list("insurer__slug", "slug"))
    models.InsurancePlan.objects.bulk_create(
        models.InsurancePlan(insurer_id=insurers[insurer], slug=slug, name=name)
        for insurer, _, plans in INSURERS
        for slug, name, _ in plans
        if (insurer, slug) not in have
    )
    lookups = {
        name: dict(model.objects.values_list("slug", "pk")) for name, model in VOCABULARIES.items()
    }
    lookups["languages"] = {
        code: code for code in models.Language.objects.values_list("pk", flat=True)
    }
    lookups["telehealth_states"] = {
        code: code for code in models.State.objects.values_list("pk", flat=True)
    }
    lookups["insurance_plans"] = {
        (insurer, slug): pk
        for insurer, slug, pk in models.InsurancePlan.objects.values_list(
            "insurer__slug", "slug", "pk"
        )
    }
    lookups["issuers"] = dict(models.IssuingBody.objects.values_list("slug", "pk"))
    return lookups


class Command(BaseCommand):
    help = (
        "Create N synthetic published listings (1 to 1,000,000) for benchmarks. "
        f"Their slugs start with {PREFIX!r}, numbered after any earlier run."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, metavar="N", help="How many listings to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Listings per transaction (default 1000)."
        )

    def handle(self, *args, count, seed, batch_size, **options):
        if not 1 <= count <= MAX_LISTINGS:
            raise CommandError(f"N must be from 1 to {MAX_LISTINGS:,}, not {count:,}.")
        if batch_size < 1:
            raise CommandError(f"--batch-size must be at least 1, not {batch_size}.")
        started = time.perf_counter()
        with transaction.atomic():
            lookups = ensure_references()
        first = next_serial()
        if first + count - 1 >= 10**SERIAL_DIGITS:
            raise CommandError(f"Bench serials would pass {10**SERIAL_DIGITS - 1:,}.")
        generator = Generator(seed=f"{seed}:{first}", anchor=timezone.localdate())
        metros = [*METROS, None]  # None: telehealth only

        def generate(start):
            serials = range(start, min(start + batch_size, first + count))
            return [generator.listing(generator.rng.choice(metros), serial=n) for n in serials]

        starts = range(first, first + count, batch_size)
        with (
            tqdm(
                total=count, unit=" listings", disable=options["verbosity"] == 0, smoothing=0.1
            ) as progress,
            ThreadPoolExecutor(max_workers=1) as pool,
        ):
            # One thread generates the next batch, in order, while this one is written: it
            # runs while the database works.
            upcoming = pool.submit(generate, starts[0])
            # Statistics are refreshed after the first batch, then each time the number
            # created doubles, and at the end of a run of a batch or more.
            done, analyzed, analyze_at = 0, 0, batch_size
            for following in [*starts[1:], None]:
                listings = upcoming.result()
                if following is not None:
                    upcoming = pool.submit(generate, following)
                with transaction.atomic():
                    self.save(listings, lookups)
                progress.update(len(listings))
                done += len(listings)
                if done >= analyze_at:
                    analyze()
                    analyzed, analyze_at = done, done * 2
        if count >= batch_size and analyzed < done:
            analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Created {count:,} published listings, {PREFIX}{first:0{SERIAL_DIGITS}d} to "
            f"{PREFIX}{first + count - 1:0{SERIAL_DIGITS}d}, in {elapsed:.1f} s "
            f"({count / elapsed:,.0f} a second)."
        )

    @staticmethod
    def save(listings, lookups):
        """Insert the listings' rows first, under reserved ids, then the listings: the
        insert trigger computes each summary from rows already there, so no listing is
        written twice. Foreign keys are checked at commit."""
        pks = reserve_ids(len(listings))
        children = defaultdict(list)
        links = defaultdict(list)
        issuers = lookups["issuers"]
        for pk, listing in zip(pks, listings, strict=True):
            for name, model in CHILDREN.items():
                for row in getattr(listing, name):
                    if "issuer" in row:
                        row = {**row}
                        row["issuer_id"] = issuers[row.pop("issuer")]
                    children[model].append(model(therapist_id=pk, **row))
            for name, (through, target) in THROUGH.items():
                lookup = lookups[name]
                for key in dict.fromkeys(listing.m2m[name]):
                    if key in lookup:
                        links[through].append(through(therapist_id=pk, **{target: lookup[key]}))
        for model, rows in (*children.items(), *links.items()):
            insert(model, rows)
        therapists = zip(pks, listings, strict=True)
        insert(
            models.Therapist, [models.Therapist(pk=pk, **row.therapist) for pk, row in therapists]
        )
