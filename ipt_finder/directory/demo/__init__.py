"""Deterministic demo data: fictional therapists described with real vocabularies.

`generate_demo` turns a fixed-seed run into fixtures/demo.json, and
`generate_listings` reuses the same generator for benchmark rows. Every random
choice comes from one random.Random(seed), and no set is ever iterated, so the
same seed always gives the same data.

data.py holds the hand-written tables, generator.py draws listings from them,
and fixture.py writes them as Django fixture objects.
"""

import datetime
from pathlib import Path

from django.conf import settings

DEMO_SEED = 20261101
# Every demo date is relative to this day; load_demo moves them up to today.
DEMO_ANCHOR = datetime.date(2026, 11, 1)
DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
