import json
import os
import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from ipt_finder.directory.bench import load, report
from ipt_finder.directory.bench.mix import MIX, MixBuilder
from ipt_finder.directory.bench.server import PROXY_HEADERS, Server, collect_static

SITE, BARE = "ipt_finder.wsgi:application", "ipt_finder.bench_wsgi:application"
BARE_NAME = "bare view"


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, load average {load}"


def count_queries(urls):
    """SQL queries for a warm request of each URL (after one that fills this process's
    caches), in this process, since gunicorn's workers cannot report them: a number, or
    the range when they differ. A page that fails is left out; the load phases count it
    as an error."""
    client = Client()
    counts = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for url in urls:
            client.get(url, secure=True)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, secure=True)
            if response.status_code == 200:
                counts.append(len(captured))
    if not counts:
        return "-"
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn as in production, next to a bare Django view, drive "
        "both with concurrent requests over a mix of real URLs, cold and warm, and print "
        "requests a second, latency percentiles, the share of the bare view's rate and SQL "
        "queries per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers (2).")
        parser.add_argument("--connections", type=int, default=8, help="Connections (8).")
        parser.add_argument(
            "--duration", type=float, default=10, help="Seconds of load per class and phase (10)."
        )
        parser.add_argument(
            "--client-processes",
            type=int,
            default=2,
            help="Processes the connections are spread over, so the client keeps up (2).",
        )
        parser.add_argument(
            "--query-sample",
            type=int,
            default=3,
            help="URLs per class whose SQL queries are counted in process (3).",
        )
        parser.add_argument(
            "--worker-timeout",
            type=int,
            help="Seconds a worker may spend on a request (gunicorn.conf.py's, unless given).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            metavar="WORD",
            help="Only the classes whose names contain one of these words, e.g. home mix.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed for the URL mix (1).")
        parser.add_argument("--json", metavar="FILE", help="Also write the figures to FILE.")

    def handle(self, *args, **options):
        for name in ("workers", "connections", "client_processes", "query_sample"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        if options["duration"] <= 0:
            raise CommandError("--duration must be more than 0 seconds.")
        builder = MixBuilder(options["seed"])
        if not builder.published:
            raise CommandError("No published listings: run `manage.py generate_listings N` first.")
        classes = builder.classes()
        if options["only"]:
            classes = {
                name: urls
                for name, urls in classes.items()
                if any(word in name for word in options["only"])
            }
            if not classes:
                raise CommandError("--only matches no class.")
        started = timezone.now()
        self.stdout.write(
            f"{builder.published:,} published listings on {connection.vendor}; "
            f"{len({url for urls in classes.values() for url in urls}):,} URLs in "
            f"{len(classes)} classes; gunicorn with {options['workers']} sync workers"
            f"{f' (timeout {t} s)' if (t := options['worker_timeout']) else ''}; "
            f"{options['connections']} connections from {options['client_processes']} client "
            f"processes; {options['duration']:g} s per class and phase; {machine()}."
        )
        collect_static()
        # Stopped from outside, it still stops its servers and client processes.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
        try:
            rows, client = self.measure(classes, options)
        finally:
            signal.signal(signal.SIGTERM, previous)
        for row in rows:
            if row.name != BARE_NAME and row.phase == "warm":
                sample = classes[row.name][: options["query_sample"]]
                row.queries = count_queries(sample)
        self.stdout.write(report.table(rows))
        self.stdout.write(client)
        if options["json"]:
            figures = {
                "date": started.isoformat(timespec="seconds"),
                "machine": machine(),
                "database": connection.vendor,
                "published": builder.published,
                "options": {
                    name: options[name]
                    for name in (
                        *("workers", "worker_timeout", "connections", "duration"),
                        *("client_processes", "seed", "only"),
                    )
                },
                "rows": [row.as_dict() for row in rows],
            }
            with open(options["json"], "w") as file:
                json.dump(figures, file, indent=2)
                file.write("\n")

    def measure(self, classes, options):
        """Rows for the bare view (before and after the classes), then each class cold
        (every URL once at most, right after the server starts) and warm; and a line on
        the client's own CPU use."""

        client = load.Client(
            connections=options["connections"],
            processes=options["client_processes"],
            headers=PROXY_HEADERS,
        )

        def drive(server, urls, once=False):
            return client.drive(server.url, urls, duration=options["duration"], once=once)

        runs = {}
        with (
            client,
            Server(SITE, options["workers"], options["worker_timeout"]) as site,
            Server(BARE, options["workers"], options["worker_timeout"]) as bare,
        ):
            for name, urls in classes.items():
                if name != MIX:
                    self.stderr.write(f"cold: {name}")
                    runs[name, "cold"] = [drive(site, urls, once=True)]
            self.stderr.write(f"warm: {BARE_NAME}")
            bare_runs = [drive(bare, ["/"])]
            for name, urls in classes.items():
                self.stderr.write(f"warm: {name}")
                runs[name, "warm"] = [drive(site, urls)]
            bare_runs.append(drive(bare, ["/"]))
            runs[BARE_NAME, "warm"] = bare_runs
            logs = {server.app: server.log_tail() for server in (site, bare)}
        rows = [report.summarise(BARE_NAME, "warm", *bare_runs)]
        rows += [
            report.summarise(name, phase, *runs[name, phase])
            for name in classes
            for phase in ("cold", "warm")
            if (name, phase) in runs
        ]
        for row in rows:
            row.share = row.rate / rows[0].rate if rows[0].rate else None
        if any(row.errors for row in rows):
            for app, log in logs.items():
                self.stderr.write(f"The end of {app}'s log:\n{log}")
        before, after = (report.summarise(BARE_NAME, "warm", run).rate for run in bare_runs)
        busy = sum(run.client_cpu for run in bare_runs) / sum(
            run.elapsed * run.processes for run in bare_runs
        )
        return rows, (
            f"Bare view: {before:,.0f} requests/s before the classes, {after:,.0f} after; "
            f"each client process was busy {busy:.0%} of the time."
        )
