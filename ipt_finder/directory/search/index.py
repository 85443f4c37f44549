"""The search index: each published listing's filterable facts, as compressed bitmaps.

Each worker builds it from the database, which stays the one source of truth,
and keeps it while the data stamp (models/stamp.py) and the date are the same:
a trigger changes the stamp on every write, and the rules that depend on the
date (verified, fresh) change at midnight. Filtering, every option's count and
sorting then take a millisecond or two; free text is matched by the database.

Listing number i (its position) is the i-th in the default order, so the
positions of any set of results, ascending, are already best first.
"""

import array
import threading
from collections import defaultdict

import numpy as np
from django.db.models import Q
from django.utils import timezone
from pyroaring import BitMap

from ipt_finder.directory.choices import Rung, Status
from ipt_finder.directory.models import DataStamp, Location, ProblemAreaExperience, Therapist
from ipt_finder.directory.places import geo
from ipt_finder.directory.search import filters as search_filters

ROW_FIELDS = [
    "pk",
    "fee",
    "sliding_scale",
    "sliding_scale_min_fee",
    "course_cost_min",
    "course_cost_max",
    "ipt_years",
    "top_verified_rung",
]


def bitmap(positions):
    return BitMap(array.array("I", np.asarray(positions, dtype=np.uint32).tobytes()))


def floats(values):
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def last_if_missing(values, descending=False):
    """Sort keys for numpy: nulls last, and descending as negated."""
    keys = -values if descending else values.copy()
    keys[np.isnan(keys)] = np.inf
    return keys


class Index:
    def __init__(self, key, filters):
        self.key = key
        self.day = key[1]
        published = Therapist.objects.published()
        rows = list(
            search_filters.best_first(
                published.annotate_verified_licence().annotate_rungs().annotate_course_cost()
            ).values_list(*ROW_FIELDS)
        )
        columns = dict(zip(ROW_FIELDS, zip(*rows, strict=True), strict=True)) if rows else {}
        self.ids = np.array(columns.get("pk", ()), dtype=np.int64)
        self.size = len(self.ids)
        self.all = BitMap(range(self.size))
        self.lookup = np.full(int(self.ids.max(initial=0)) + 1, -1, dtype=np.int64)
        self.lookup[self.ids] = np.arange(self.size)
        self.fee = floats(columns.get("fee", ()))
        self.sliding = np.array(columns.get("sliding_scale", ()), dtype=bool)
        self.min_fee = floats(columns.get("sliding_scale_min_fee", ()))
        self.course_min = floats(columns.get("course_cost_min", ()))
        self.course_max = floats(columns.get("course_cost_max", ()))
        years = floats(columns.get("ipt_years", ()))
        rung = floats(columns.get("top_verified_rung", ()))
        self.sort_keys = {
            "fee": [last_if_missing(self.fee), last_if_missing(self.min_fee)],
            "cost": [last_if_missing(self.course_max), last_if_missing(self.course_min)],
            "experience": [-years, last_if_missing(rung, descending=True)],
        }
        self.options = {}
        self.checks = {}
        self.rungs = {}
        for name, filter_ in filters.items():
            self._index_filter(name, filter_, published)
        self.telehealth = self._grouped(
            Therapist.telehealth_states.through.objects.filter(
                Q(therapist__telehealth_video=True) | Q(therapist__telehealth_phone=True),
                therapist__status=Status.PUBLISHED,
            ).values_list("therapist_id", "state_id")
        )
        offices = list(
            Location.objects.filter(
                therapist__status=Status.PUBLISHED, latitude__isnull=False
            ).values_list("therapist_id", "latitude", "longitude", "wheelchair")
        )
        self.office_position = self.positions([row[0] for row in offices])
        self.office_latitude = floats([row[1] for row in offices])
        self.office_longitude = floats([row[2] for row in offices])

    def positions(self, ids):
        ids = np.asarray(ids, dtype=np.int64)
        found = np.full(len(ids), -1, dtype=np.int64)
        inside = ids < len(self.lookup)
        found[inside] = self.lookup[ids[inside]]
        return found

    def _grouped(self, pairs):
        """{key: bitmap} from (listing id, key) pairs; keys are strings, as in the form."""
        by_key = defaultdict(list)
        for pk, key in pairs:
            by_key[str(key)].append(pk)
        result = {}
        for key, ids in by_key.items():
            found = self.positions(ids)
            result[key] = bitmap(np.unique(found[found >= 0]))
        return result

    def _ids(self, queryset):
        found = self.positions(list(queryset.values_list("pk", flat=True)))
        return bitmap(np.unique(found[found >= 0]))

    def _index_filter(self, name, filter_, published):
        status = {"therapist__status": Status.PUBLISHED}
        if isinstance(filter_, search_filters.CheckFilter):
            self.checks[name] = self._ids(published.filter(filter_.q(published)))
        elif isinstance(filter_, search_filters.RungFilter):
            self.rungs = {
                verified: {
                    str(rung): self._ids(published.at_least_rung(rung, verified=verified))
                    for rung in Rung.values
                }
                for verified in (False, True)
            }
        elif isinstance(filter_, search_filters.VocabularyFilter):
            field = Therapist._meta.get_field(filter_.relation)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = field.remote_field.through.objects.filter(
                **{f"{source}__status": Status.PUBLISHED},
                **{f"{target}__{key}": value for key, value in (filter_.match or {}).items()},
            )
            self.options[name] = self._grouped(
                rows.values_list(f"{source}_id", f"{target}__{filter_.key}")
            )
        elif isinstance(filter_, search_filters.InsurerFilter | search_filters.PlanFilter):
            key = "insurer__slug" if isinstance(filter_, search_filters.InsurerFilter) else "pk"
            rows = Therapist.insurance_plans.through.objects.filter(**status)
            self.options[name] = self._grouped(
                rows.values_list("therapist_id", f"insuranceplan__{key}")
            )
        elif isinstance(filter_, search_filters.ProblemAreaFilter):
            rows = ProblemAreaExperience.objects.filter(**status)
            self.options[name] = self._grouped(rows.values_list("therapist_id", "area"))
        elif isinstance(filter_, search_filters.FormatFilter):
            self.options[name] = {
                value: self._ids(published.filter(**{column: True}))
                for value, (_, column) in search_filters.FORMATS.items()
            }
        elif isinstance(filter_, search_filters.ColumnFilter):
            self.options[name] = self._grouped(published.values_list("pk", filter_.field_name))

    # Selections

    def near(self, place, miles, wheelchair=False):
        """(bitmap, distances): listings with an office within `miles`, and the nearest's distance."""
        south, north, west, east = geo.bounding_box(place.latitude, place.longitude, miles)
        lat, lon = self.office_latitude, self.office_longitude
        boxed = np.flatnonzero((lat >= south) & (lat <= north) & (lon >= west) & (lon <= east))
        miles_away = geo.distances_miles(place.latitude, place.longitude, lat[boxed], lon[boxed])
        within = miles_away <= miles
        offices = self.office_position[boxed][within]
        distances = np.full(self.size, np.inf)
        np.minimum.at(distances, offices, miles_away[within])
        return bitmap(np.unique(offices)), distances

    def at_most(self, values, amount):
        return bitmap(np.flatnonzero(values <= float(amount)))

    def fits_budget(self, amount):
        amount = float(amount)
        return bitmap(
            np.flatnonzero((self.fee <= amount) | (self.sliding & (self.min_fee <= amount)))
        )


_lock = threading.Lock()
_current = None


def current(filters):
    """The index for the data as it is now, built on first use after any change."""
    global _current
    key = (DataStamp.current(), timezone.localdate())
    index = _current
    if index is not None and index.key == key and key[0] is not None:
        return index
    with _lock:
        if _current is None or _current.key != key or key[0] is None:
            _current = Index(key, filters)
        return _current
