from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ipt_finder.directory.models import Therapist
from ipt_finder.directory.models.summary import refresh_drifted

SHOWN = 20  # drifted ids listed at most


class Command(BaseCommand):
    help = (
        "Recompute every listing's summary columns (verified until, IPT rung, access) and "
        "rewrite those that differ. With --check, only report them, and exit 1 if any do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift without fixing it.")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Listings per query (default 2000)."
        )

    def handle(self, *args, check, batch_size, **options):
        if batch_size < 1:
            raise CommandError(f"--batch-size must be at least 1, not {batch_size}.")
        therapists = Therapist.objects.all()
        with tqdm(
            total=therapists.count(),
            unit=" listings",
            disable=options["verbosity"] == 0,
            smoothing=0.1,
        ) as progress:
            ids = refresh_drifted(therapists, batch_size, fix=not check, done=progress.update)
        if not ids:
            self.stdout.write("Every listing's summary columns are up to date.")
            return
        shown = ", ".join(map(str, ids[:SHOWN]))
        more = f" and {len(ids) - SHOWN:,} more" if len(ids) > SHOWN else ""
        state = "differ from their rows" if check else "had drifted and were recomputed"
        self.stdout.write(f"{len(ids):,} listings' summary columns {state}: ids {shown}{more}.")
        if check:
            raise CommandError(f"{len(ids):,} listings' summaries have drifted.")
