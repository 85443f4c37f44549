import re
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings

from ipt_finder.directory.models import Therapist

RESULTS_RE = re.compile(r"([\d,]+) therapists? found")
SEARCHES = [
    ("no filters", ""),
    ("text", "q=grief+relationship"),
    ("near ZIP, 25 miles", "near=10001"),
    ("near ZIP, nearest first", "near=78701&radius=50&sort=nearest"),
    ("telehealth in a state", "telehealth=on&state=CA&language=es"),
    ("language + sliding scale + budget", "language=es&sliding_scale=on&budget=60"),
    ("verified supervisor, accepting", "rung=3&verified_training=on&accepting=on"),
    ("condition + insurer + max fee", "condition=depression&insurer=aetna&max_fee=200&sort=fee"),
    (
        "many filters",
        "condition=anxiety&language=en&format=individual&evening=on&verified_licence=on&communication=gentle",
    ),
    ("page 20", "page=20"),
]


class Command(BaseCommand):
    help = "Time the search page over the listings in the database, in process, and report numbers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=5, help="Requests per search (default 5)."
        )

    def handle(self, *args, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        published = Therapist.objects.published().count()
        if not published:
            raise CommandError("No published listings: run `manage.py generate_listings N` first.")
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(
            f"{published:,} published listings on {connection.vendor}; {repeat} requests each\n"
        )
        self.stdout.write(
            f"{'search':<40} {'median ms':>10} {'max ms':>8} {'queries':>8} {'results':>8}"
        )
        with override_settings(DEBUG=True, SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["localhost"]):
            for label, query in SEARCHES:
                timings = []
                for _ in range(repeat):
                    reset_queries()
                    started = time.perf_counter()
                    response = client.get(f"/search/?{query}")
                    timings.append((time.perf_counter() - started) * 1000)
                    queries = len(connection.queries)
                if response.status_code not in (200, 404):
                    raise CommandError(f"{label}: status {response.status_code}")
                found = RESULTS_RE.search(response.content.decode())
                results = found[1] if found else "-"
                self.stdout.write(
                    f"{label:<40} {statistics.median(timings):>10.1f} {max(timings):>8.1f} "
                    f"{queries:>8} {results:>8}"
                )
