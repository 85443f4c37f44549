"""The shortlist's button and count, for any page."""

from django import template

from ipt_finder.directory.compare.shortlist import Shortlist

register = template.Library()


@register.simple_tag(takes_context=True)
def shortlist_count(context):
    if "shortlist_badge" in context:
        return context["shortlist_badge"]
    request = context.get("request")
    return len(Shortlist.from_request(request)) if request else 0


@register.inclusion_tag("directory/compare/_shortlist_button.html", takes_context=True)
def shortlist_button(context, therapist, next_url=None):
    request = context["request"]
    return {
        "therapist": therapist,
        "shortlisted": therapist.slug in Shortlist.from_request(request),
        # Without JavaScript the form posts and comes back to this card.
        "next": next_url or f"{request.get_full_path()}#t-{therapist.slug}",
        "csrf_token": context.get("csrf_token"),
    }
