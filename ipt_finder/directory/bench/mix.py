"""The benchmark's URLs: about 300 searches built from the search form's real options,
the home page and profiles, in classes a visitor's requests fall into."""

import math
import random
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from ipt_finder.directory.models import Adaptation, Community, Condition, Location, Therapist
from ipt_finder.directory.places import geo
from ipt_finder.directory.search.views import TherapistSearchView

# Fields with a class of their own, or that only shape another field's search.
PLACE_FIELDS = {"near", "radius", "telehealth", "state"}
OWN_CLASS = {"q", "insurer", "plan", "sort", *PLACE_FIELDS}
AMOUNTS = {
    "max_fee": (80, 100, 120, 150, 200),
    "budget": (40, 60, 80, 100),
    "max_course_cost": (1500, 2500, 4000),
}
COMMON_WORDS = (
    "grief",
    "depression",
    "anxiety",
    "postpartum",
    "teen",
    "couples",
    "trauma",
    "relationship",
    "loss",
    "divorce",
    "loneliness",
    "work stress",
    "role transition",
    "retirement",
)
SIZES = {
    "search: empty": 20,
    "search: 1 filter": 60,
    "search: 2-4 filters": 60,
    "search: text": 40,
    "search: place": 50,
    "search: insurer": 30,
    "search: deep page": 40,
}
PROFILES = 100
MIX = "search: mix"


class MixBuilder:
    """Random URLs from the form's options; `seed` makes a run repeatable."""

    def __init__(self, seed=1):
        self.random = random.Random(seed)
        view = TherapistSearchView
        self.search = reverse("directory:search")
        self.published = Therapist.objects.published().count()
        self.last_page = max(1, math.ceil(self.published / view.paginate_by))
        self.fields = view.filterset_class(data={}, queryset=Therapist.objects.none()).form.fields
        self.sorts = [v for v, _ in self.fields["sort"].choices if v and v != "nearest"]
        self.filters = [name for name in self.fields if name not in OWN_CLASS]
        self.terms, self.place_names = self.words(), self.places()

    def url(self, pairs):
        return f"{self.search}?{urlencode(pairs)}" if pairs else self.search

    def options(self, name):
        return [str(value) for value, _ in self.fields[name].choices if value not in ("", None)]

    def value(self, name):
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return ["on"]
        if isinstance(field, forms.DecimalField | forms.IntegerField):
            return [str(self.random.choice(AMOUNTS.get(name, (50, 100, 200))))]
        options = self.options(name)
        if isinstance(field, forms.MultipleChoiceField) and len(options) > 1:
            return self.random.sample(options, self.random.choice((1, 1, 1, 2)))
        return [self.random.choice(options)]

    def filtered(self, count):
        pairs = []
        for name in self.random.sample(self.filters, count):
            pairs += [(name, value) for value in self.value(name)]
        return pairs

    def places(self):
        rows = (
            Location.objects.filter(therapist__status="published")
            .values_list("postal_code", "city", "state")
            .distinct()
            .order_by("postal_code", "city", "state")
        )
        found = set()
        for postal_code, city, state in rows:
            for text in (postal_code[:5], f"{city}, {state}"):
                try:
                    geo.geocode(text)
                except geo.UnknownPlace:
                    continue
                found.add(text)
        return sorted(found)

    def words(self):
        names = []
        for model in (Condition, Adaptation, Community):
            names += model.objects.values_list("name", flat=True)
        return sorted({*COMMON_WORDS, *(name.split(" (")[0].lower() for name in names)})

    def classes(self):
        """{class: [URL, ...]}: home, profiles, each kind of search, and all searches mixed,
        each in a random order."""
        classes = {
            "home": [reverse("directory:home")],
            "profile": self.profiles(),
            "search: empty": self.empty_urls(),
        }
        makers = {
            "search: 1 filter": lambda: self.filtered(1),
            "search: 2-4 filters": lambda: self.filtered(self.random.randint(2, 4)),
            "search: text": self.text,
            "search: place": self.place,
            "search: insurer": self.insurer,
            "search: deep page": self.deep,
        }
        for name, make in makers.items():
            classes[name] = self.unique(make, SIZES[name])
        classes = {name: urls for name, urls in classes.items() if urls}
        searches = [urls for name, urls in classes.items() if name.startswith("search")]
        classes[MIX] = list(dict.fromkeys(url for urls in searches for url in urls))
        for urls in classes.values():
            self.random.shuffle(urls)
        return classes

    def unique(self, make, count):
        """Up to `count` different URLs from `make`, which returns query pairs (or None
        when the data offer none)."""
        urls = {}
        for _ in range(count * 10):
            if len(urls) == count or (pairs := make()) is None:
                break
            urls.setdefault(self.url(pairs))
        return list(urls)

    def profiles(self):
        slugs = Therapist.objects.published().order_by("?").values_list("slug", flat=True)
        return [reverse("directory:therapist-detail", args=[slug]) for slug in slugs[:PROFILES]]

    def empty_urls(self):
        """Each sort, on each of the first pages."""
        return [
            self.url([*([("sort", sort)] if sort else []), *([("page", page)] if page > 1 else [])])
            for sort in ["", *self.sorts]
            for page in range(1, min(4, self.last_page) + 1)
        ]

    def text(self):
        return [("q", " ".join(self.random.sample(self.terms, self.random.choice((1, 1, 2)))))]

    def place(self):
        if not self.place_names:
            return None
        pairs = [
            ("near", self.random.choice(self.place_names)),
            ("radius", self.random.choice(self.options("radius"))),
        ]
        if self.random.random() < 0.3:
            pairs.append(("sort", "nearest"))
        if self.random.random() < 0.2:
            pairs.append(("telehealth", "on"))
        return pairs

    def insurer(self):
        if not self.options("insurer"):
            return None
        if self.random.random() < 0.2 and self.options("plan"):
            return [("plan", value) for value in self.value("plan")]
        pairs = [("insurer", value) for value in self.value("insurer")]
        return pairs + self.filtered(1) if self.random.random() < 0.4 else pairs

    def deep(self):
        """A page from the tenth (or the last, if fewer) to the last, in any sort."""
        sort = self.random.choice(["", *self.sorts])
        page = self.random.randint(min(10, self.last_page), self.last_page)
        return [*([("sort", sort)] if sort else []), ("page", page)]
