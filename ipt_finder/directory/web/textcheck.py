"""Refuse requests whose query string or form holds text that isn't text.

Django decodes invalid UTF-8 into replacement characters and keeps control
characters, so either would be stored as sent. A query string is only checked
for invalid UTF-8: nothing from it is stored, and the search form already says
which of its fields holds a NUL. Tab, newline and carriage return are allowed
in a form; they are how text areas send lines.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.template import loader

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INVALID_UTF8 = (
    "The address or the form held bytes that are not valid text (UTF-8), so nothing was saved."
)
CONTROL_CHARACTERS = (
    "The address or the form held control characters, such as a NUL byte, "
    "which text can't contain, so nothing was saved."
)


def wsgi_bytes(value):
    """WSGI passes the query string as latin-1; a test client may pass real text."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode()


def urlencoded_problem(raw, controls=True):
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode()
    except UnicodeDecodeError:
        return INVALID_UTF8
    return CONTROL_CHARACTERS if controls and CONTROL.search(text) else None


def multipart_problem(post):
    # Already decoded, with U+FFFD where the bytes were not UTF-8.
    for key, values in post.lists():
        for text in [key, *values]:
            if "\ufffd" in text:
                return INVALID_UTF8
            if CONTROL.search(text):
                return CONTROL_CHARACTERS
    return None


def problem(request):
    found = urlencoded_problem(wsgi_bytes(request.META.get("QUERY_STRING", "")), controls=False)
    if found or request.method != "POST":
        return found
    if request.content_type == "application/x-www-form-urlencoded":
        return urlencoded_problem(request.body)
    if request.content_type == "multipart/form-data":
        return multipart_problem(request.POST)
    return None


class TextCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reason := problem(request):
            page = loader.render_to_string("400.html", {"reason": reason})
            return HttpResponseBadRequest(page)
        return self.get_response(request)
