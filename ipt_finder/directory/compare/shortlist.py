"""The shortlist: up to four listings to compare, kept in a signed cookie.

Nothing is stored on the server. The cookie holds slugs only; it is signed so
it can't be edited into something else, HttpOnly, SameSite=Lax, and Secure
outside development. A cookie that fails its signature counts as empty.
"""

import re

from django.conf import settings

COOKIE = "shortlist"
SALT = "ipt-finder.shortlist"
MAX_ITEMS = 4
MAX_AGE = 60 * 60 * 24 * 30
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,140}$")


class ShortlistFull(Exception):
    pass


class Shortlist:
    def __init__(self, slugs=()):
        slugs = [slug for slug in slugs if SLUG.match(slug)]
        self.slugs = list(dict.fromkeys(slugs))[:MAX_ITEMS]

    @classmethod
    def from_request(cls, request):
        """The request's shortlist, read once per request."""
        if not hasattr(request, "_shortlist"):
            value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
            request._shortlist = cls(value.split(",") if value else [])
        return request._shortlist

    def __contains__(self, slug):
        return slug in self.slugs

    def __len__(self):
        return len(self.slugs)

    def __iter__(self):
        return iter(self.slugs)

    @property
    def full(self):
        return len(self.slugs) >= MAX_ITEMS

    def add(self, slug, replace=None):
        if slug in self.slugs:
            return
        if replace in self.slugs:
            self.slugs[self.slugs.index(replace)] = slug
            return
        if self.full:
            raise ShortlistFull(f"The shortlist holds up to {MAX_ITEMS} therapists.")
        self.slugs.append(slug)

    def remove(self, slug):
        if slug in self.slugs:
            self.slugs.remove(slug)

    def save(self, response):
        if not self.slugs:
            response.delete_cookie(COOKIE, samesite="Lax")
            return
        response.set_signed_cookie(
            COOKIE,
            ",".join(self.slugs),
            salt=SALT,
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
