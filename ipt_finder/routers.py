"""Read replicas: a public page reads from one replica, chosen at random per request.

Every write goes to the primary, and so does every read that must see one: in a
POST (or any unsafe method), in the admin, inside a transaction, after a write in
the same request, and outside requests (management commands read what they then
write). Every database alias other than the primary is a replica.
"""

import random
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Read what was just written, by any process: the database cache (rate-limit
# counters) and sessions. Writing them does not pin a request to the primary.
PRIMARY_ONLY_APPS = {"django_cache", "sessions"}

# The alias the current request reads from; None outside a request.
_request_replica = ContextVar("request_replica", default=None)


def replicas():
    return [alias for alias in connections if alias != DEFAULT_DB_ALIAS]


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replicas()
        reads_primary = (
            not aliases
            or request.method not in SAFE_METHODS
            or request.path.startswith(reverse("admin:index"))
        )
        token = _request_replica.set(DEFAULT_DB_ALIAS if reads_primary else random.choice(aliases))
        try:
            return self.get_response(request)
        finally:
            _request_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _request_replica.get()
        if (
            alias is None
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        if _request_replica.get() is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            _request_replica.set(DEFAULT_DB_ALIAS)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS
