"""Template filters for the curators' admin."""

from django import template

register = template.Library()

US_ZONES = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Phoenix": "Mountain Time, no daylight saving",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
    "America/Puerto_Rico": "Atlantic Time",
}


@register.filter
def zone_in_words(zone):
    """ "Eastern Time (New York)" for America/New_York; "London time" for Europe/London."""
    key = str(zone)
    if key == "UTC":
        return "Coordinated Universal Time (UTC)"
    city = key.rsplit("/", 1)[-1].replace("_", " ")
    return f"{US_ZONES[key]} ({city})" if key in US_ZONES else f"{city} time"
