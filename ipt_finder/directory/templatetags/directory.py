from django import template
from django.utils import timezone

from ipt_finder.directory.choices import Rung

register = template.Library()


@register.filter
def rung_label(rung):
    return Rung(rung).label if rung else ""


@register.filter
def days_ago(day):
    """“today”, “yesterday” or “N days ago”: plain words for freshness."""
    if day is None:
        return ""
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
