"""One search, answered from the index: its results, every option's count, and a page.

The FilterSet (filters.py) defines what each filter means, in SQL; the index
(index.py) holds the same facts as bitmaps. Only free text goes to the
database for each search. tests/test_search_index.py checks that both agree.
"""

from collections.abc import Sequence
from functools import reduce

import numpy as np
from pyroaring import BitMap

from ipt_finder.directory.models import Therapist
from ipt_finder.directory.search import index as search_index
from ipt_finder.directory.search.filters import CheckFilter, RungFilter


class Search:
    def __init__(self, filterset):
        self.filterset = filterset
        self.data = data = filterset.form.cleaned_data
        self.index = search_index.current(filterset.filters)
        self.distances = self.ranks = None
        self.selections = {
            name: self.select(name, data[name])
            for name in filterset.filters
            if filterset.is_active(name)
        }
        if data.get("telehealth") and not data.get("near"):
            self.selections["telehealth"] = self.telehealth(data.get("state"))
        self.results = self.intersect(self.selections.values())

    def intersect(self, bitmaps):
        return reduce(BitMap.__and__, bitmaps, self.index.all)

    def telehealth(self, state):
        """By video or phone, licensed in `state` (in any state when there is none)."""
        if not state:
            return self.index.remote
        return self.index.telehealth.get(str(state), BitMap())

    def select(self, name, value):
        index, data = self.index, self.data
        if name == "q":
            return self.text(value)
        if name == "near":
            # With wheelchair access asked for, the distance is to an accessible office.
            nearby, self.distances = index.near(value, data["radius"])
            if data.get("wheelchair"):
                self.distances = index.near(value, data["radius"], accessible=True)[1]
            return nearby | self.telehealth(data.get("state")) if data.get("telehealth") else nearby
        if name == "wheelchair" and data.get("near"):
            # The accessible office itself is within the radius.
            return index.near(data["near"], data["radius"], accessible=True)[0]
        if name == "budget":
            return index.fits_budget(value)
        if name == "max_course_cost":
            return index.at_most(index.course_max, value)
        filter_ = self.filterset.filters[name]
        if isinstance(filter_, CheckFilter):
            return index.checks[name]
        if isinstance(filter_, RungFilter):
            return index.rungs[bool(data.get("verified_training"))][str(value)]
        options = index.options[name]
        return BitMap().union(*[options.get(str(v), BitMap()) for v in value])

    def text(self, value):
        if not value.strip():
            return self.index.all
        matches = Therapist.objects.published().search_text(value)
        ranked = "rank" in matches.query.annotations
        rows = list(matches.values_list("pk", "rank") if ranked else matches.values_list("pk"))
        found = self.index.positions([row[0] for row in rows])
        known = found >= 0
        if ranked:
            self.ranks = np.zeros(self.index.size)
            self.ranks[found[known]] = np.array([row[1] for row in rows], dtype=float)[known]
        return BitMap(found[known].astype(np.uint32))

    # Counts

    def counts(self):
        """How many results each option would give, given the other filters (exact)."""
        names = list(self.selections)
        bitmaps = list(self.selections.values())
        without = {}
        before = self.index.all
        for i, name in enumerate(names):
            without[name] = self.intersect([before, *bitmaps[i + 1 :]])
            before = before & bitmaps[i]
        index, counts = self.index, {}
        for name, filter_ in self.filterset.filters.items():
            base = without.get(name, self.results)
            if isinstance(filter_, CheckFilter):
                chosen = (
                    self.selections[name] if name in self.selections else self.select(name, True)
                )
                counts[name] = self.results.intersection_cardinality(chosen)
            elif isinstance(filter_, RungFilter):
                rungs = index.rungs[bool(self.data.get("verified_training"))]
                counts[name] = {r: base.intersection_cardinality(b) for r, b in rungs.items()}
            elif name in index.options:
                counts[name] = {
                    key: base.intersection_cardinality(bitmap)
                    for key, bitmap in index.options[name].items()
                }
        return counts

    def without_each(self):
        """{filter: how many results there would be without it}, for each active filter."""
        counts = {}
        for name in self.selections:
            if name in self.filterset.filters:
                rest = {n: b for n, b in self.selections.items() if n != name}
                if name == "near" and "wheelchair" in rest:
                    rest["wheelchair"] = self.index.checks["wheelchair"]  # anywhere, then
                counts[name] = len(self.intersect(rest.values()))
        return counts

    # Order

    def ordered(self):
        """Result positions in the order asked for."""
        positions = np.frombuffer(self.results.to_array(), dtype=np.uint32).astype(np.int64)
        sort = self.data["sort"]
        keys = []
        if sort == "nearest" and self.distances is not None:
            keys.append(self.distances[positions])
        elif sort in self.index.sort_keys:
            keys += [key[positions] for key in self.index.sort_keys[sort]]
        if self.ranks is not None:
            keys.append(-self.ranks[positions])
        if not keys:
            return positions
        return positions[np.lexsort([positions, *reversed(keys)])]

    def listings(self, queryset):
        return Listings(self, queryset)


class Listings(Sequence):
    """The results in order, fetching only the slice asked for (the paginator's page)."""

    def __init__(self, search, queryset):
        self.search, self.queryset = search, queryset
        self._order = None

    def __len__(self):
        return len(self.search.results)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        search = self.search
        simple = search.data["sort"] == "best" and search.ranks is None
        if simple:
            positions = np.frombuffer(search.results[item].to_array(), dtype=np.uint32)
        else:
            if self._order is None:
                self._order = search.ordered()
            positions = self._order[item]
        ids = [int(pk) for pk in search.index.ids[positions]]
        rows = (
            self.queryset.filter(pk__in=ids)
            .annotate_verified_licence()
            .annotate_rungs()
            .annotate_course_cost()
        )
        by_id = {row.pk: row for row in rows}
        listings = []
        for pk, position in zip(ids, positions, strict=True):
            if listing := by_id.get(pk):
                distance = np.inf if search.distances is None else search.distances[position]
                listing.distance = None if np.isinf(distance) else float(distance)
                listings.append(listing)
        return listings
