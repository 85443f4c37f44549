"""The cost of a whole course, for listing cards."""

from django import template

from ipt_finder.directory.costs.estimates import Range

register = template.Library()


@register.filter
def course_cost(therapist):
    """The whole course at the full fee, when the listing was annotated with it."""
    low = getattr(therapist, "course_cost_min", None)
    high = getattr(therapist, "course_cost_max", None)
    if low is None or high is None:
        return ""
    fewest, most = therapist.course_sessions_min, therapist.course_sessions_max
    sessions = f"{fewest}–{most}" if fewest != most else f"{fewest}"
    return f"{sessions} sessions: {Range(low, high)}"
