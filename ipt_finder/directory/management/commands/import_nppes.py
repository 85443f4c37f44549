"""Compare a saved NPPES file with the listings, and file what differs for curators.

A dry run by default: it prints what it would file. With --apply it files one
report per listing that differs, in one transaction. It never edits a listing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ipt_finder.directory.interop import nppes


class Command(BaseCommand):
    help = (
        "Match a saved NPPES API JSON response or NPPES CSV to listings by NPI, and show (or with "
        "--apply, file as reports for curators) what NPPES says differently."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The saved NPPES file (JSON or CSV).")
        parser.add_argument(
            "--apply", action="store_true", help="File the reports (default: a dry run)."
        )

    def handle(self, *args, path, apply, **options):
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Can't read {path}: {error.strerror}.") from None
        try:
            providers = nppes.read(raw)
        except nppes.BadFile as error:
            raise CommandError(f"{path}: {error}") from None
        proposals, unmatched = nppes.propose(providers)
        for proposal in proposals:
            self.stdout.write(f"{proposal.therapist.name} (NPI {proposal.therapist.npi}):")
            for line in proposal.lines:
                self.stdout.write(f"  {line}")
        summary = (
            f"{len(providers)} records; {len(proposals)} listings differ; "
            f"{len(unmatched)} NPIs are not in the directory."
        )
        if not apply:
            self.stdout.write(f"{summary} Dry run: nothing written; use --apply to file reports.")
            return
        filed = nppes.file_reports(proposals, Path(path).name)
        self.stdout.write(
            f"{summary} Filed {len(filed)} reports for curators "
            f"({len(proposals) - len(filed)} already open)."
        )
