"""Gzip for the public pages' HTML, which is most of what a phone downloads.

Compressing a page that reflects what a visitor typed next to a secret lets an attacker
guess the secret from the compressed length (BREACH). On public pages the CSRF token is
masked anew in every response, so it never repeats to be guessed; the one other private
thing there is which therapists are on the visitor's shortlist, and Django pads each
compressed response with a random number of bytes, which hides the few bytes of length
such a guess turns on. The admin shows curators' and submitters' details, so its pages
are left uncompressed.
"""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)
