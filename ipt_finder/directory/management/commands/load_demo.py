import json
from collections import defaultdict
from itertools import batched

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from ipt_finder.directory.choices import Status
from ipt_finder.directory.demo import DEMO_ANCHOR, DEMO_FIXTURE
from ipt_finder.directory.models import Therapist
from ipt_finder.directory.models.summary import refresh_summaries


def date_columns(model, names):
    """The date and datetime columns among `names` (DateTimeField is a DateField).

    Only columns the fixture sets move: derived ones are recomputed instead.
    """
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name in names and isinstance(field, models.DateField) and not field.generated
    ]


class Command(BaseCommand):
    help = (
        "Load fixtures/demo.json and move its dates forward so the demo looks current. "
        f"The fixture's dates are relative to {DEMO_ANCHOR}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any therapist exists."
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Therapist.objects.exists():
            self.stdout.write("Therapists already exist, so the demo data was not loaded.")
            return
        if not DEMO_FIXTURE.exists():
            raise CommandError(f"{DEMO_FIXTURE} is missing: run manage.py generate_demo first.")
        pks = defaultdict(list)
        fields = defaultdict(set)
        for obj in json.loads(DEMO_FIXTURE.read_text(encoding="utf-8")):
            pks[obj["model"]].append(obj["pk"])
            fields[obj["model"]].update(obj["fields"])
        shift = timezone.localdate() - DEMO_ANCHOR
        with transaction.atomic():
            call_command("loaddata", str(DEMO_FIXTURE), verbosity=0)
            if shift:
                for label, ids in pks.items():
                    model = apps.get_model(label)
                    columns = date_columns(model, fields[label])
                    if not columns:
                        continue
                    moved = {column: F(column) + shift for column in columns}
                    for chunk in batched(ids, 500):
                        model.objects.filter(pk__in=chunk).update(**moved)
            # The listings' summary columns follow the moved expiry dates.
            for chunk in batched(pks["directory.therapist"], 500):
                refresh_summaries(Therapist.objects.filter(pk__in=chunk))
            published = Therapist.objects.filter(
                pk__in=pks["directory.therapist"], status=Status.PUBLISHED
            ).count()
        self.stdout.write(
            f"Loaded the demo: {len(pks['directory.therapist'])} therapists ({published} "
            f"published) and {len(pks['directory.organisation'])} organisations; dates moved "
            f"{shift.days:+} days from {DEMO_ANCHOR}."
        )
