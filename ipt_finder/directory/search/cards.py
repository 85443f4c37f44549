"""What the search page shows around the results: chips, option counts, reasons."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils import timezone

# Parameters that only make sense with another one, and go when it goes.
COMPANIONS = {"near": ["radius", "telehealth", "state", "sort"], "telehealth": ["state"]}
NOT_CHIPS = {"sort", "radius", "state"}
# Chips that read better in their own words than as "label: value".
CHIP_WORDS = {"budget": "Up to ${} a session", "max_course_cost": "A whole course up to ${}"}


@dataclass
class Chip:
    label: str
    remove_url: str


def chips(form, query, order):
    """A removable chip for each value of each valid, active filter, in `order`."""
    base = query.copy()
    base.pop("page", None)
    result = []
    for name in order:
        field = form.fields[name]
        if name in NOT_CHIPS or name in form.errors or _blank(form.cleaned_data.get(name)):
            continue
        values = [value for value in query.getlist(name) if value]
        labels = {str(key): label for key, label in getattr(field, "choices", [])}
        for value in values:
            remaining = base.copy()
            remaining.setlist(name, [v for v in values if v != value])
            for companion in COMPANIONS.get(name, []):
                remaining.pop(companion, None)
            if name in CHIP_WORDS:
                label = CHIP_WORDS[name].format(value)
            elif isinstance(field, forms.BooleanField):
                label = field.label
            else:
                label = f"{field.label}: {labels.get(value, value)}"
            result.append(Chip(label, f"?{remaining.urlencode()}"))
    return result


def without(query, name):
    """The query string with `name` and the parameters that only make sense with it gone."""
    remaining = query.copy()
    for key in (name, "page", *COMPANIONS.get(name, [])):
        remaining.pop(key, None)
    return f"?{remaining.urlencode()}"


@dataclass
class Relaxation:
    label: str
    count: int
    url: str


def relaxations(form, query, counts):
    """For a search with no results: what leaving out each active filter would give,
    the most results first."""
    found = [
        Relaxation(form.fields[name].label, count, without(query, name))
        for name, count in counts.items()
        if count
    ]
    return sorted(found, key=lambda relaxation: -relaxation.count)


def place_links(form, query):
    """(label, url) for each place a typed name may have meant: the suggestions of an
    ambiguous name, or the other places of a name taken to mean the largest."""
    errors = form.errors.as_data().get("near", []) if form.errors else []
    names = [name for error in errors for name in (error.params or {}).get("suggestions", [])]
    if not errors and form.is_valid() and form.cleaned_data.get("near"):
        names = list(form.cleaned_data["near"].alternatives)
    links = []
    for name in names:
        changed = query.copy()
        changed["near"] = name
        changed.pop("page", None)
        links.append((name, f"?{changed.urlencode()}"))
    return links


def show_plans_of(form, insurers):
    """Offer only the plans of the chosen insurers (each plan's name starts with its
    insurer's)."""
    if not insurers:
        return
    names = [
        f"{label.rsplit(' (', 1)[0]} "
        for slug, label in form.fields["insurer"].widget.choices
        if slug in insurers
    ]
    field = form.fields["plan"]
    field.widget.choices = [
        (value, label) for value, label in field.widget.choices if label.startswith(tuple(names))
    ]


def low_cost_query(form):
    """The low-cost path's query string, carrying the search's budget, place, state, and
    first language and condition."""
    if form.errors:
        return ""
    data, carried = form.cleaned_data, QueryDict(mutable=True)
    if data.get("budget") is not None:
        carried["budget"] = f"{data['budget']:.0f}"
    if data.get("near"):
        carried.update({"near": form.data["near"], "radius": data["radius"]})
    for name in ("state", "language", "condition"):
        value = data.get(name)
        if value:
            carried[name] = value[0] if isinstance(value, list) else value
    return carried.urlencode()


def style_widgets(form):
    """Bootstrap's classes, and the ids of each field's help and errors, on the inputs the
    search template renders with the widget itself."""
    for bound in form:
        widget = bound.field.widget
        if getattr(widget, "input_type", None) == "checkbox":
            continue
        classes = "form-select" if isinstance(widget, forms.Select) else "form-control"
        described = [f"{bound.auto_id}_help"] if bound.help_text else []
        if bound.errors:
            classes += " is-invalid"
            described.append(f"{bound.auto_id}_error")
        widget.attrs["class"] = classes
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)


def _blank(value):
    # Not `in (None, False, ...)`: a max fee of 0 equals False but is a filter.
    return value is None or value is False or value in ("", [])


def label_options(form, counts):
    """Show each option's count, and hide options that would give nothing."""
    for name, count in counts.items():
        field = form.fields[name]
        chosen = form.cleaned_data.get(name)
        if isinstance(count, int):
            field.label = f"{field.label} ({count})"
            field.disabled = count == 0 and not chosen
            continue
        chosen = {str(v) for v in chosen} if isinstance(chosen, list) else {str(chosen)}
        options = [
            (value, f"{label} ({count.get(str(value), 0)})")
            for value, label in field.choices
            if value and (count.get(str(value), 0) or str(value) in chosen)
        ]
        if isinstance(field.widget, forms.Select):
            options.insert(0, ("", field.choices[0][1]))
        field.widget.choices = options


def reasons(therapist, data, today=None):
    """Why a listing matches the active filters, in a few words each."""
    today = today or timezone.localdate()
    why = []

    def matched(relation, chosen, key="slug"):
        terms = getattr(therapist, relation).all()
        return ", ".join(term.name for term in terms if getattr(term, key) in chosen)

    if data.get("condition"):
        why.append(f"Treats {matched('conditions', data['condition']).lower()}")
    if data.get("language"):
        why.append(f"Works in {matched('languages', data['language'], key='code')}")
    if data.get("community"):
        why.append(f"Serves {matched('communities', data['community'])}")
    if data.get("adaptation"):
        why.append(f"Offers {matched('adaptations', data['adaptation'])}")
    distance = getattr(therapist, "distance", None)
    if data.get("near") and distance is not None:
        why.append(f"{distance:.1f} miles from {data['near'].label}")
    elif data.get("telehealth"):
        why.append(f"Telehealth in {data['state']}" if data.get("state") else "Offers telehealth")
    if data.get("budget") is not None or data.get("sliding_scale"):
        if therapist.sliding_scale:
            why.append(f"Sliding scale from ${therapist.sliding_scale_min_fee}")
        elif therapist.fee is not None:
            why.append(f"${therapist.fee} a session")
    if data.get("insurer"):
        why.append("In network with your insurer")
    if data.get("plan"):
        why.append("In network with your plan")
    if data.get("accepting") and therapist.accepting_confirmed_on:
        days = (today - therapist.accepting_confirmed_on).days
        why.append(f"Accepting new clients, confirmed {days} day{'s' if days != 1 else ''} ago")
    if data.get("free_consultation"):
        why.append("Free first consultation")
    return why
