"""A fixed-window rate limit on the shared cache, keyed by a hash of the client address.

Each accepted request takes one of `limit` slots in the current window with
cache.add, which every backend does atomically (an insert on the database
cache, SET NX on Redis), so the limit holds across any number of processes
that share the cache. Counting with incr would not: the database cache
increments by a read and a write.
"""

import hashlib
import time

from django.core.cache import cache

from ipt_finder.directory.web.client import client_address


def slot_keys(request, scope, limit, window):
    address = client_address(request)
    digest = hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()[:32]
    start = int(time.time()) // window * window
    return [f"ratelimit:{digest}:{start}:{slot}" for slot in range(limit)]


def allow(request, scope, limit, window):
    """Count this request; False once `limit` were counted within this `window` of seconds."""
    keys = slot_keys(request, scope, limit, window)
    taken = cache.get_many(keys)
    return any(cache.add(key, 1, window) for key in keys if key not in taken)
