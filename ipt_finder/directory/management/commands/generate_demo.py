import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ipt_finder.directory.demo import DEMO_FIXTURE
from ipt_finder.directory.demo.fixture import fixture_objects, missing_values
from ipt_finder.directory.demo.generator import build_demo


class Command(BaseCommand):
    help = "Write the demo fixture (fixtures/demo.json). The output is the same on every run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=DEMO_FIXTURE, help=f"Default: {DEMO_FIXTURE}"
        )

    def handle(self, *args, output, **options):
        listings, patched = build_demo()
        missing = missing_values(listings)
        if missing:
            raise CommandError(f"The demo leaves choices unused: {missing}")
        objects = fixture_objects(listings)
        text = json.dumps(objects, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(text.encode())
        published = sum(listing.published for listing in listings)
        self.stdout.write(
            f"Wrote {output}: {len(listings)} therapists ({published} published), "
            f"{len(objects)} objects."
        )
        if patched and options["verbosity"] > 1:
            self.stdout.write(f"Added to cover the vocabularies: {patched}")
