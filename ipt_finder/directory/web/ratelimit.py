"""A sliding-window rate limit on the shared cache, keyed by a hash of the client address.

Each accepted request takes one of `limit` slots with cache.add, and holds it
for `window` seconds: so no window of that length ever counts more than
`limit`, and a burst at the turn of an hour is no loophole. cache.add is
atomic on every backend (an insert on the database cache, SET NX on Redis), so
the limit holds across any number of processes that share the cache. Counting
with incr would not: the database cache increments by a read and a write.
"""

import hashlib

from django.core.cache import cache

from ipt_finder.directory.web.client import client_address


def slot_keys(request, scope, limit, window):
    address = client_address(request)
    digest = hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()[:32]
    return [f"ratelimit:{digest}:{window}:{slot}" for slot in range(limit)]


def allow(request, scope, limit, window):
    """Count this request; False once `limit` were counted within this `window` of seconds."""
    keys = slot_keys(request, scope, limit, window)
    taken = cache.get_many(keys)
    return any(cache.add(key, 1, window) for key in keys if key not in taken)
