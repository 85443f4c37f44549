"""The daily expiry check: report what expired or will expire, and flag listings.

Safe to run twice: a listing already flagged is left as it is, so the second
run on a day changes nothing and says so.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ipt_finder.directory.choices import Status
from ipt_finder.directory.curation import services as curation
from ipt_finder.directory.models import Credential, CulturalTraining, IPTTraining

WATCHED = [Status.PUBLISHED, Status.PENDING]


class Command(BaseCommand):
    help = (
        "Report credentials and training that expired or expire soon on published or pending "
        "listings, and flag published listings with no current verified licence for review."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=curation.EXPIRY_WARNING_DAYS,
            help="How far ahead to warn (default %(default)s).",
        )

    def handle(self, *args, days, verbosity, **options):
        if days < 0:
            raise CommandError("--days can't be negative.")
        today = timezone.localdate()
        expired, expiring = [], []
        for model in (Credential, IPTTraining, CulturalTraining):
            watched = {"therapist__status__in": WATCHED}
            related = ["therapist", *(["issuer"] if model is Credential else [])]
            expired += curation.expired(model, today).filter(**watched).select_related(*related)
            expiring += (
                curation.expiring(model, today, days).filter(**watched).select_related(*related)
            )
        flagged, already = curation.flag_listings_without_licence(today)

        if verbosity >= 1:
            self.section("Expired", expired)
            self.section(f"Expiring within {days} days", expiring)
            if flagged:
                self.stdout.write(f"Flagged for review ({len(flagged)}):")
                for therapist in flagged:
                    self.stdout.write(f"  {therapist.name}: {therapist.review_reason}")
        outcome = (
            f"flagged {len(flagged)} listing{'s' if len(flagged) != 1 else ''} for review"
            if flagged
            else "no new listings to flag: nothing changed"
        )
        self.stdout.write(
            f"{len(expired)} expired, {len(expiring)} expiring within {days} days; "
            f"{outcome} ({len(already)} already flagged)."
        )

    def section(self, title, records):
        if not records:
            return
        self.stdout.write(f"{title} ({len(records)}):")
        for record in records:
            kind = record._meta.verbose_name
            self.stdout.write(
                f"  {record.expires_on.isoformat()}  {record.therapist.name} "
                f"({record.therapist.get_status_display().lower()}): {kind} {record}"
            )
