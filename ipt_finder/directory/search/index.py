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

import numpy as np
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from pyroaring import BitMap

from ipt_finder.directory.choices import Rung, Wheelchair
from ipt_finder.directory.models import (
    DataStamp,
    InsurancePlan,
    Location,
    ProblemAreaExperience,
    Therapist,
)
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
        rows = self._fetch(
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
        self.remote = self._ids(published.filter(published.telehealth_q(None)))
        self.telehealth = self._grouped(
            Therapist.telehealth_states.through.objects.filter(
                Q(therapist__telehealth_video=True) | Q(therapist__telehealth_phone=True),
            ).values_list("therapist_id", "state_id")
        )
        offices = self._fetch(
            Location.objects.filter(latitude__isnull=False).values_list(
                "therapist_id", "latitude", "longitude", "wheelchair"
            )
        )
        self.office_accessible = np.array([row[3] == Wheelchair.YES for row in offices], bool)
        position = self.positions([row[0] for row in offices])
        published = position >= 0
        self.office_position = position[published]
        self.office_latitude = floats([row[1] for row in offices])[published]
        self.office_longitude = floats([row[2] for row in offices])[published]
        self.office_accessible = self.office_accessible[published]

    def positions(self, ids):
        ids = np.asarray(ids, dtype=np.int64)
        found = np.full(len(ids), -1, dtype=np.int64)
        inside = ids < len(self.lookup)
        found[inside] = self.lookup[ids[inside]]
        return found

    @staticmethod
    def _fetch(queryset):
        """Every row of a values_list() queryset, without Django's per-row work."""
        sql, params = queryset.query.sql_with_params()
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _grouped(self, queryset, names=None):
        """{key: bitmap} from a queryset of (listing id, key) rows; `names` renames keys.

        Keys are strings, as the form sends them. Unpublished listings drop out.
        """
        rows = self._fetch(queryset)
        if not rows:
            return {}
        table = np.array(rows, dtype=object if isinstance(rows[0][1], str) else np.int64)
        keys, coded = np.unique(table[:, 1], return_inverse=True)
        found = self.positions(table[:, 0].astype(np.int64))
        keep = found >= 0
        found, coded = found[keep], coded[keep]
        order = np.lexsort((found, coded))
        found, coded = found[order], coded[order]
        result = {}
        for chunk in np.split(np.arange(len(found)), np.flatnonzero(np.diff(coded)) + 1):
            if len(chunk):
                key = keys[coded[chunk[0]]]
                key = str(names.get(key, key) if names else key)
                result[key] = result.get(key, BitMap()) | bitmap(found[chunk])
        return result

    def _ids(self, queryset):
        found = self.positions([row[0] for row in self._fetch(queryset.values_list("pk"))])
        return bitmap(np.unique(found[found >= 0]))

    def _index_filter(self, name, filter_, published):
        if isinstance(filter_, search_filters.WheelchairFilter):
            self.checks[name] = self._ids(published.filter(published.wheelchair_q()))
        elif isinstance(filter_, search_filters.CheckFilter):
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
            terms = filter_.vocabulary.objects.filter(**(filter_.match or {}))
            rows = field.remote_field.through.objects.filter(**{f"{target}__in": terms})
            self.options[name] = self._grouped(
                rows.values_list(f"{source}_id", f"{target}_id"),
                dict(terms.values_list("pk", filter_.key)),
            )
        elif isinstance(filter_, search_filters.InsurerFilter | search_filters.PlanFilter):
            rows = Therapist.insurance_plans.through.objects.values_list(
                "therapist_id", "insuranceplan_id"
            )
            insurers = isinstance(filter_, search_filters.InsurerFilter)
            names = dict(InsurancePlan.objects.values_list("pk", "insurer__slug"))
            self.options[name] = self._grouped(rows, names if insurers else None)
        elif isinstance(filter_, search_filters.ProblemAreaFilter):
            rows = ProblemAreaExperience.objects.values_list("therapist_id", "area")
            self.options[name] = self._grouped(rows)
        elif isinstance(filter_, search_filters.FormatFilter):
            self.options[name] = {
                value: self._ids(published.filter(**{column: True}))
                for value, (_, column) in search_filters.FORMATS.items()
            }
        elif isinstance(filter_, search_filters.ColumnFilter):
            self.options[name] = self._grouped(published.values_list("pk", filter_.field_name))

    # Selections

    def near(self, place, miles, accessible=False):
        """(bitmap, distances): listings with an office within `miles` (a wheelchair-accessible
        one, if asked), and the nearest such office's distance."""
        south, north, west, east = geo.bounding_box(place.latitude, place.longitude, miles)
        lat, lon = self.office_latitude, self.office_longitude
        boxed = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
        if accessible:
            boxed &= self.office_accessible
        boxed = np.flatnonzero(boxed)
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
