"""Helpers for query strings."""

from django.http import QueryDict


def subset(query, names):
    result = QueryDict(mutable=True)
    for name in names:
        if values := query.getlist(name):
            result.setlist(name, values)
    return result
