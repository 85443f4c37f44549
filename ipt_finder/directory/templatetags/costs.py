"""The cost of a whole course, for listing cards."""

from django import template

from ipt_finder.directory.costs.estimates import Range

register = template.Library()


@register.filter
def course_cost(therapist):
    """The whole course at the full fee, when the listing was annotated with it."""
    low = getattr(therapist, "course_cost_min", None)
    high = getattr(therapist, "course_cost_max", None)
    return str(Range(low, high)) if low is not None and high is not None else ""
