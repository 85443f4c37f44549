"""A small fixed-window rate limit on the cache, keyed by a hash of the client address."""

import hashlib

from django.core.cache import cache


def client_key(request, scope):
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{digest}"


def allow(request, scope, limit, window):
    """Count this request; False once `limit` is passed within `window` seconds."""
    key = client_key(request, scope)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
